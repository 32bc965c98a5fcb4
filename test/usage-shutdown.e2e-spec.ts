import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source.options';
import { builtEntry, freePort, ROOT } from './harness/built-service';
import { createKey } from './harness/factories';
import { truncateAll } from './harness/test-app';
import { TEST_ADMIN_TOKEN, testDatabaseUrl } from './harness/test-env';

/*
 * Graceful shutdown flushes the usage buffer (issue 7): the built service runs as a child process against the test
 * database (PostgreSQL, or an embedded PGlite folder), events stream in concurrently, SIGTERM lands mid-stream, and
 * every event that was answered 200 must be stored exactly once (the process: harness/built-service.ts).
 */
const WORKERS = 8;
const SIGTERM_AFTER_ACKS = 150;
const MAX_SENDS = 20_000;

function post(port: number, path: string, body: object): Promise<number> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent: new Agent({ keepAlive: false }),
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function untilReady(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited during start:\n${log()}`);
    const ready = await new Promise<boolean>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/ready' }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('SIGTERM flushes the usage buffer: every acknowledged event is stored exactly once', () => {
  const databaseUrl = testDatabaseUrl();
  const dataDir = mkdtempSync(join(tmpdir(), 'hokusai-shutdown-'));
  const openDatabase = async () => {
    const db = new DataSource({ ...dataSourceOptions({ databaseUrl, dataDir }), migrationsRun: true });
    await db.initialize();
    return db;
  };
  let db: DataSource;
  let entry: string;
  let keyId: string;

  beforeAll(async () => {
    entry = builtEntry();
    db = await openDatabase();
    await truncateAll(db);
    keyId = (await createKey(db)).id;
    // PGlite is one process's folder: let go of it before the service opens it.
    if (!databaseUrl) await db.destroy();
  }, 180_000);
  afterAll(async () => {
    if (db?.isInitialized) await db.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('streams events concurrently, stops the service mid-stream, and finds every 200 in the database once', async () => {
    expect(existsSync(entry)).toBe(true);
    const port = await freePort();
    let output = '';
    const child = spawn(process.execPath, [entry], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_PATH: join(ROOT, 'node_modules'),
        NODE_ENV: 'test',
        PORT: String(port),
        ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        USAGE_AUTH: 'open',
        USAGE_RATE_LIMIT_PER_MINUTE: '1000000',
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    await untilReady(port, child, () => output);

    const acked: string[] = [];
    const refusals: string[] = [];
    let sent = 0;
    let terminated = false;
    const worker = async () => {
      while (sent < MAX_SENDS) {
        const endpoint = `/sigterm/${sent++}`;
        const body = { service_id: 'platform', endpoint, status_code: 200, response_time_ms: 1, predictions_count: 1 };
        const outcome = await post(port, `/api/v1/usage/${keyId}`, body).catch((err: Error) => err.message);
        if (outcome !== 200) {
          refusals.push(String(outcome));
          return;
        }
        acked.push(endpoint);
        if (!terminated && acked.length >= SIGTERM_AFTER_ACKS) {
          terminated = true;
          child.kill('SIGTERM');
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    const exit = await exited;
    expect(terminated).toBe(true);
    expect(refusals.length).toBeGreaterThan(0);
    expect(exit.signal === 'SIGTERM' || exit.code === 0 ? 'graceful' : `${JSON.stringify(exit)}\n${output}`).toBe(
      'graceful',
    );

    if (!databaseUrl) db = await openDatabase();
    const rows: { endpoint: string; n: number }[] = await db.query(
      'SELECT endpoint, count(*)::int AS n FROM usage_events WHERE key_id = $1 GROUP BY endpoint',
      [keyId],
    );
    const stored = new Map(rows.map((r) => [r.endpoint, r.n]));
    expect(acked.filter((e) => stored.get(e) !== 1)).toEqual([]);
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    // The rollups were written in the same transactions as the events they count.
    const [rollup] = await db.query(
      `SELECT (SELECT sum(requests)::int FROM usage_hourly WHERE key_id = $1) AS hourly,
              (SELECT sum(requests)::int FROM usage_monthly WHERE key_id = $1) AS monthly`,
      [keyId],
    );
    expect(rollup).toEqual({ hourly: rows.length, monthly: rows.length });
  }, 120_000);
});
