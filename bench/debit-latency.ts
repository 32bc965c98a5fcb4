/*
 * The platform middleware awaits POST /api/v1/usage/{key_id}/debit before every platform request, so its latency
 * is every platform request's latency (issue "Validation at the framework's floor"). Debits paced evenly at
 * BENCH_RATE (1000/s) with a fresh idempotency key each, against the minimal Nest app's POST route at the same pace,
 * alternating, BENCH_ROUNDS rounds: p50 and p99 of each and their ratio (target: p99 at most 2x). Every 200 means
 * stored (the group commit answers after its commit); the rows are counted afterwards. Where the debit's time goes:
 * the service's flushes over the debit rounds (count, events per flush, share within 1, 2, 5 and 10 ms, from
 * hokusai_usage_flush_duration_seconds) beside the time PostgreSQL itself spent in usage_flush() per call
 * (pg_stat_user_functions: the bench sets track_functions on its own database), so the flush's own work can be
 * told from the round trip and the service's event loop around it.
 *
 * Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/hokusai_bench REDIS_URL=redis://127.0.0.1:6379/9 npm run bench:debit
 * Knobs: BENCH_RATE (1000), BENCH_DURATION s (8), BENCH_ROUNDS (5), BENCH_CONNECTIONS (64), BENCH_PORT (18900),
 * BENCH_SERVICE_NODE_ARGS and BENCH_FLOOR_NODE_ARGS (node flags for each side, e.g. a heap setting).
 */
import { benchDatabaseUrl, ensureDatabase, percentile, UNLIMITED_INGEST, withClient } from './usage-bench-kit';
import {
  bareRequest,
  flushDurations,
  benchRedisUrl,
  debitRequest,
  createKeyRecordViaApi,
  paced,
  startBenchServer,
  startMinimalNest,
  knob,
  nodeArgsFrom,
} from './validation-bench-kit';

const RATE = knob('BENCH_RATE', 1000);
const SECONDS = knob('BENCH_DURATION', 8);
const ROUNDS = knob('BENCH_ROUNDS', 5);
const CONNECTIONS = knob('BENCH_CONNECTIONS', 64);
const PORT = knob('BENCH_PORT', 18900);
const FLOOR = PORT + 1;

async function main(): Promise<void> {
  const databaseUrl = benchDatabaseUrl();
  await ensureDatabase(databaseUrl);
  // Per-function timings for the service's sessions (set before it connects); the bench database only.
  await withClient(databaseUrl, (c) =>
    c.query(`ALTER DATABASE ${c.escapeIdentifier(c.database!)} SET track_functions = 'pl'`),
  );
  const floor = await startMinimalNest(FLOOR, nodeArgsFrom('BENCH_FLOOR_NODE_ARGS'));
  const service = await startBenchServer(
    databaseUrl,
    benchRedisUrl(),
    PORT,
    '/tmp/hokusai-bench-debit.log',
    UNLIMITED_INGEST,
    undefined,
    nodeArgsFrom('BENCH_SERVICE_NODE_ARGS'),
  );
  try {
    const { key_id } = await createKeyRecordViaApi(PORT, 'debit latency');
    const debit = debitRequest(key_id);
    const bare = bareRequest;
    await paced(PORT, RATE, 2, CONNECTIONS, debit);
    await paced(FLOOR, RATE, 2, CONNECTIONS, bare);
    const flushesBefore = await flushDurations(PORT);
    const inDatabaseBefore = await usageFlushTime(databaseUrl);
    let accepted = 0;
    const rows: string[] = [];
    const ratios: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const serviceFirst = round % 2 === 0;
      const first = await paced(serviceFirst ? PORT : FLOOR, RATE, SECONDS, CONNECTIONS, serviceFirst ? debit : bare);
      const second = await paced(serviceFirst ? FLOOR : PORT, RATE, SECONDS, CONNECTIONS, serviceFirst ? bare : debit);
      const [d, f] = serviceFirst ? [first, second] : [second, first];
      if (d.non2xx + d.errors > 0)
        throw new Error(`debit answered ${JSON.stringify(d.statusCodes)}, errors ${d.errors}`);
      accepted += d.ok;
      ratios.push(d.p99 / f.p99);
      rows.push(
        `| ${round} | ${d.p50.toFixed(2)} | ${d.p99.toFixed(2)} | ${f.p50.toFixed(2)} | ${f.p99.toFixed(2)} | ${ratios.at(-1)!.toFixed(2)} |`,
      );
      console.log(rows.at(-1));
    }
    const flushes = await flushDurations(PORT);
    const inDatabase = await usageFlushTime(databaseUrl);
    const stored = await withClient(databaseUrl, async (c) =>
      Number(
        (await c.query<{ n: string }>('SELECT count(*) AS n FROM usage_events WHERE key_id = $1', [key_id])).rows[0].n,
      ),
    );
    console.log(
      `\ndebit paced at ${RATE}/s vs the minimal Nest app at the same pace (ms)\n| round | debit p50 | debit p99 | floor p50 | floor p99 | p99 ratio |\n|---|---|---|---|---|---|`,
    );
    for (const r of rows) console.log(r);
    console.log(
      `\nmedian p99 ratio ${percentile(
        [...ratios].sort((a, b) => a - b),
        50,
      ).toFixed(2)} (target <= 2); ` +
        `debits answered 200 ${accepted}, rows stored for the key ${stored} (warm-up included; fewer would be a loss)`,
    );
    const count = flushes['+Inf'] - flushesBefore['+Inf'];
    const within = (le: string) => `${((100 * (flushes[le] - flushesBefore[le])) / count).toFixed(1)} %`;
    const calls = inDatabase.calls - inDatabaseBefore.calls;
    console.log(
      `flushes over the debit rounds ${count} (${(accepted / count).toFixed(2)} debits each); within 1 ms ${within('0.001')}, ` +
        `2 ms ${within('0.002')}, 5 ms ${within('0.005')}, 10 ms ${within('0.01')} (in the service, from the flush's ` +
        `start to its answers); usage_flush() inside PostgreSQL ${((inDatabase.ms - inDatabaseBefore.ms) / calls).toFixed(3)} ms ` +
        `a call over ${calls} calls`,
    );
  } finally {
    await Promise.all([service.stop(), floor.stop()]);
  }
}

/** Calls of usage_flush() and PostgreSQL's time in them so far (the statistics of the bench database). */
function usageFlushTime(databaseUrl: string): Promise<{ calls: number; ms: number }> {
  return withClient(databaseUrl, async (c) => {
    await c.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await c.query<{ calls: string; ms: number }>(
      `SELECT coalesce(sum(calls), 0) AS calls, coalesce(sum(total_time), 0)::float8 AS ms
         FROM pg_stat_user_functions WHERE funcname = 'usage_flush'`,
    );
    return { calls: Number(rows[0].calls), ms: rows[0].ms };
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
