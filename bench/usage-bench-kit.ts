/*
 * Shared by bench/usage-ingest.ts and bench/usage-stats.ts (run them as those files' headers say). Starts the
 * service compiled next to this file (../src/main.js in the same tsc output) against DATABASE_URL, which must
 * name a database whose name contains "bench": the benches write millions of rows and must never touch the
 * test database.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { Client } from 'pg';

export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef0123456789';

/** All bench load comes from one address: the per-address ingestion limit (6,000 a minute by default) is lifted. */
export const UNLIMITED_INGEST = { USAGE_RATE_LIMIT_PER_MINUTE: '1000000000' };

export function benchDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url || !/bench/i.test(new URL(url).pathname)) {
    throw new Error('Set DATABASE_URL to a PostgreSQL database whose name contains "bench" (e.g. .../hokusai_bench)');
  }
  return url;
}

/** Creates the bench database on its server when it does not exist yet (the tests' helper). */
export { ensureDatabase } from '../test/harness/ensure-database';

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A key row written straight to api_keys; the benches never validate it, so its hash is a placeholder. */
export async function createBenchKey(client: Client, plan = 'enterprise'): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO api_keys (name, key_hash, lookup_digest, key_prefix, service_id, billing_plan)
     VALUES ('bench', 'placeholder', md5(random()::text) || md5(random()::text), 'hk_live_ben***', 'platform', $1)
     RETURNING id`,
    [plan],
  );
  return rows[0].id;
}

export interface RunningService {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * The built service as production runs it (NODE_ENV=production), with the per-IP ingest limit out of the way.
 * `withBareRoute`: bench/validation-server.js instead of main.js, the same app plus POST /bench/bare.
 */
export async function startService(databaseUrl: string, port: number, withBareRoute = false): Promise<RunningService> {
  const entry = withBareRoute ? join(__dirname, 'validation-server.js') : join(__dirname, '..', 'src', 'main.js');
  const child = spawn(process.execPath, [entry], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      LOG_LEVEL: 'warn',
      USAGE_AUTH: 'open',
      ...UNLIMITED_INGEST,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  for (;;) {
    if (child.exitCode !== null) throw new Error('the service exited during start');
    if ((await httpGet(port, '/ready')).status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { port, child, stop: async () => void (child.kill('SIGTERM'), await exited) };
}

export function httpGet(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end();
  });
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
