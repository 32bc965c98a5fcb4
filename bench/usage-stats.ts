/*
 * A month's stats over 1,000,000 events of one key (issue 7, item 6): the events are seeded with generate_series
 * and folded into the rollups exactly as ingest folds them, then GET /api/v1/usage/{key_id}/stats is timed through
 * HTTP, next to the same report computed from the raw events (what the rollup saves). Target: < 200 ms.
 *
 * Run (the npm script compiles the service and the benches into .bench-build/ first):
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/hokusai_bench NODE_PATH=$PWD/node_modules \
 *     npm run bench:usage-stats
 * Knobs: BENCH_EVENTS (default 1000000), BENCH_ENDPOINTS (default 25), BENCH_RUNS (default 30), BENCH_PORT (18410).
 * The usage tables of the bench database are emptied first.
 */
import { Client } from 'pg';
import {
  BENCH_ADMIN_TOKEN,
  benchDatabaseUrl,
  createBenchKey,
  ensureDatabase,
  httpGet,
  percentile,
  startService,
  withClient,
} from './usage-bench-kit';

const env = (name: string, fallback: string) => Number(process.env[name] ?? fallback);
const PERIOD = '2026-10';
const START = '2026-10-01T00:00:00Z';
const END = '2026-11-01T00:00:00Z';

// Spread evenly over the month; 2% server errors, every 17th event still without a status (0).
const SEED_EVENTS = `
  INSERT INTO usage_events (key_id, service_id, endpoint, status_code, response_time_ms, predictions_count, compute_ms, occurred_at)
  SELECT $1, CASE WHEN i % 3 = 0 THEN 'website' ELSE 'platform' END, '/api/v1/endpoint/' || (i % $3),
         CASE WHEN i % 50 = 0 THEN 500 WHEN i % 17 = 0 THEN 0 ELSE 200 END, i % 200, i % 5, i % 100,
         $4::timestamptz + (i * (extract(epoch FROM ($5::timestamptz - $4::timestamptz)) * 1000 / $2)) * interval '1 millisecond'
  FROM generate_series(0, $2 - 1) AS i`;

// The fold ingest performs in each flush transaction, applied once to the seeded rows.
const FOLD_HOURLY = `
  INSERT INTO usage_hourly (key_id, hour_start, service_id, endpoint, requests, predictions, compute_ms, known_requests, error_requests, known_response_ms)
  SELECT key_id, date_trunc('hour', occurred_at, 'UTC'), service_id, endpoint, count(*), sum(predictions_count), sum(compute_ms),
         count(*) FILTER (WHERE status_code <> 0), count(*) FILTER (WHERE status_code >= 400),
         coalesce(sum(response_time_ms) FILTER (WHERE status_code <> 0), 0)
  FROM usage_events WHERE key_id = $1 GROUP BY 1, 2, 3, 4`;
const FOLD_MONTHLY = `
  INSERT INTO usage_monthly (key_id, month_start, requests, predictions, compute_ms)
  SELECT key_id, date_trunc('month', occurred_at, 'UTC'), count(*), sum(predictions_count), sum(compute_ms)
  FROM usage_events WHERE key_id = $1 GROUP BY 1, 2`;

// The same report without the rollup: what a stats call would cost reading the month's raw events.
const RAW_TOTALS = `
  SELECT count(*) AS requests, sum(predictions_count) AS predictions, sum(compute_ms) AS compute_ms,
         count(*) FILTER (WHERE status_code <> 0) AS known, count(*) FILTER (WHERE status_code >= 400) AS errors
  FROM usage_events WHERE key_id = $1 AND occurred_at >= $2 AND occurred_at < $3`;
const RAW_TOP = `
  SELECT endpoint, count(*) AS n FROM usage_events WHERE key_id = $1 AND occurred_at >= $2 AND occurred_at < $3
  GROUP BY endpoint ORDER BY n DESC, endpoint COLLATE "C" LIMIT 10`;

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = process.hrtime.bigint();
  const result = await work();
  return [Number(process.hrtime.bigint() - started) / 1e6, result];
}

function summary(samples: number[]): Record<string, number> {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    'min ms': round(sorted[0]),
    'p50 ms': round(percentile(sorted, 50)),
    'p95 ms': round(percentile(sorted, 95)),
    'max ms': round(sorted[sorted.length - 1]),
  };
}

async function seed(client: Client, events: number, endpoints: number): Promise<string> {
  await client.query('TRUNCATE usage_events, usage_hourly, usage_monthly');
  const keyId = await createBenchKey(client);
  const [seedMs] = await timed(() => client.query(SEED_EVENTS, [keyId, events, endpoints, START, END]));
  const [foldMs] = await timed(async () => {
    await client.query(FOLD_HOURLY, [keyId]);
    await client.query(FOLD_MONTHLY, [keyId]);
  });
  await client.query('VACUUM ANALYZE usage_events');
  await client.query('VACUUM ANALYZE usage_hourly');
  const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM usage_hourly WHERE key_id = $1', [
    keyId,
  ]);
  console.log(
    `seeded ${events} events in ${Math.round(seedMs)} ms, folded into ${rows[0].n} hourly rows in ${Math.round(foldMs)} ms`,
  );
  return keyId;
}

async function main(): Promise<void> {
  const databaseUrl = benchDatabaseUrl();
  const runs = env('BENCH_RUNS', '30');
  await ensureDatabase(databaseUrl);
  const service = await startService(databaseUrl, env('BENCH_PORT', '18410'));
  try {
    await withClient(databaseUrl, async (client) => {
      const keyId = await seed(client, env('BENCH_EVENTS', '1000000'), env('BENCH_ENDPOINTS', '25'));
      const path = `/api/v1/usage/${keyId}/stats?period=${PERIOD}`;
      const auth = { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` };
      await httpGet(service.port, path, auth);
      const http: number[] = [];
      let body = '';
      for (let i = 0; i < runs; i++) {
        const [ms, res] = await timed(() => httpGet(service.port, path, auth));
        if (res.status !== 200) throw new Error(`stats answered ${res.status}: ${res.body}`);
        http.push(ms);
        body = res.body;
      }
      const raw: number[] = [];
      let rawTotals: Record<string, string> = {};
      for (let i = 0; i < Math.min(runs, 10); i++) {
        const [ms, [totals]] = await timed(() =>
          Promise.all([
            client.query<Record<string, string>>(RAW_TOTALS, [keyId, START, END]),
            client.query(RAW_TOP, [keyId, START, END]),
          ]),
        );
        raw.push(ms);
        rawTotals = totals.rows[0];
      }
      const stats = JSON.parse(body) as { total_requests: number; total_predictions: number; error_rate: number };
      console.table({
        'GET stats (hourly rollup), HTTP': summary(http),
        'same report from raw events, SQL only': summary(raw),
      });
      console.log('stats:', body);
      const agrees =
        stats.total_requests === Number(rawTotals.requests) &&
        stats.total_predictions === Number(rawTotals.predictions) &&
        stats.error_rate === Number(rawTotals.errors) / Number(rawTotals.known);
      console.log(`rollup agrees with raw events: ${agrees}`);
      if (!agrees) process.exitCode = 1;
    });
  } finally {
    await service.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
