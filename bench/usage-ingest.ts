/*
 * Ingest throughput (issue 7, item 6): autocannon against POST /api/v1/usage/{key_id} (or /batch) on PostgreSQL,
 * then the rows in the database are counted and compared with the 2xx answers. Target: >= 20,000 events/s
 * accepted, none lost.
 *
 * Run (the npm script compiles the service and the benches into .bench-build/ first):
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/hokusai_bench [REDIS_URL=redis://127.0.0.1:6379/13] \
 *     npm run bench:usage-ingest
 * Knobs: BENCH_MODE=single|batch|debit (default single), BENCH_BATCH_SIZE (default 100), BENCH_CONNECTIONS (default
 * 64), BENCH_DURATION seconds (default 20), BENCH_PORT (default 18400). `debit` posts the platform middleware's debit
 * with a unique idempotency key per request (the decided path: one usage_flush() call per flush, locked and compared).
 * The bare route of bench/validation-server.ts (the service runs from it) is loaded the same way right after, so
 * the requests/s sit beside this machine's HTTP ceiling for a Nest route that does nothing.
 * Rows stored may exceed events accepted by the requests still in flight when autocannon stops (at most
 * connections x events per request); fewer rows than accepted events would be a loss.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { benchDatabaseUrl, createBenchKey, ensureDatabase, startService, withClient } from './usage-bench-kit';

const run = promisify(execFile);
const env = (name: string, fallback: string) => process.env[name] ?? fallback;

interface CannonResult {
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  requests: { average: number };
  latency: { p50: number; p99: number; max: number };
}

async function cannon(url: string, body: string, connections: number, seconds: number): Promise<CannonResult> {
  const bin = join(require.resolve('autocannon/package.json'), '..', 'autocannon.js');
  // The body goes through a file (-i): a batch of 1000 events is too long for a command line (E2BIG).
  // -I replaces [<id>] in the body with a fresh id per request.
  const dir = await mkdtemp(join(tmpdir(), 'hokusai-ingest-'));
  const bodyFile = join(dir, 'body.json');
  await writeFile(bodyFile, body);
  try {
    const { stdout } = await run(
      process.execPath,
      [
        bin,
        '-j',
        '-n',
        '-I',
        '-c',
        String(connections),
        '-d',
        String(seconds),
        '-m',
        'POST',
        '-H',
        'content-type=application/json',
        '-i',
        bodyFile,
        url,
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    return JSON.parse(stdout) as CannonResult;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const databaseUrl = benchDatabaseUrl();
  const mode = env('BENCH_MODE', 'single');
  const perRequest = mode === 'batch' ? Number(env('BENCH_BATCH_SIZE', '100')) : 1;
  const connections = Number(env('BENCH_CONNECTIONS', '64'));
  const seconds = Number(env('BENCH_DURATION', '20'));
  await ensureDatabase(databaseUrl);
  const service = await startService(databaseUrl, Number(env('BENCH_PORT', '18400')), true);
  const [warmKey, keyId] = await withClient(databaseUrl, async (c) => [
    await createBenchKey(c),
    await createBenchKey(c),
  ]);
  const event = {
    service_id: 'platform',
    endpoint: '/api/v1/models/predict',
    status_code: 200,
    response_time_ms: 12,
    predictions_count: 1,
    compute_ms: 30,
  };
  const base = `http://127.0.0.1:${service.port}/api/v1/usage`;
  const target = (key: string) => {
    if (mode === 'batch')
      return {
        url: `${base}/batch`,
        body: JSON.stringify({ events: Array.from({ length: perRequest }, () => ({ key_id: key, ...event })) }),
      };
    if (mode === 'debit')
      return {
        url: `${base}/${key}/debit`,
        body: JSON.stringify({ ...event, status_code: 0, idempotency_key: '[<id>]' }),
      };
    return { url: `${base}/${key}`, body: JSON.stringify(event) };
  };

  let result: CannonResult;
  let bare: CannonResult;
  try {
    await cannon(target(warmKey).url, target(warmKey).body, connections, 3);
    result = await cannon(target(keyId).url, target(keyId).body, connections, seconds);
    // The HTTP ceiling of this machine, in the same process right after: a route that only parses JSON.
    bare = await cannon(
      `http://127.0.0.1:${service.port}/bench/bare`,
      JSON.stringify({ service_id: 'platform' }),
      connections,
      seconds,
    );
  } finally {
    await service.stop();
  }

  const stored = await withClient(databaseUrl, async (c) =>
    Number(
      (await c.query<{ n: string }>('SELECT count(*) AS n FROM usage_events WHERE key_id = $1', [keyId])).rows[0].n,
    ),
  );
  const accepted = result['2xx'] * perRequest;
  console.table({
    [`${mode}${mode === 'batch' ? ` x${perRequest}` : ''}, ${connections} connections, ${seconds} s`]: {
      'requests/s': Math.round(result.requests.average),
      'events/s accepted': Math.round(accepted / seconds),
      '2xx': result['2xx'],
      'non-2xx': result.non2xx,
      errors: result.errors + result.timeouts,
      'events accepted': accepted,
      'rows stored': stored,
      'in flight at stop': Math.max(0, stored - accepted),
      lost: accepted - Math.min(accepted, stored),
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      'bare route req/s': Math.round(bare.requests.average),
      'requests / bare': (result.requests.average / bare.requests.average).toFixed(2),
    },
  });
  if (stored < accepted) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
