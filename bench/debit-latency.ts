/*
 * The platform middleware awaits POST /api/v1/usage/{key_id}/debit before every platform request, so its latency
 * is every platform request's latency (issue "Validation at the framework's floor"). Debits paced evenly at
 * BENCH_RATE (1000/s) with a fresh idempotency key each, against the minimal Nest app's POST route at the same pace,
 * alternating, BENCH_ROUNDS rounds: p50 and p99 of each and their ratio (target: p99 at most 2x). Every 200 means
 * stored (the group commit answers after its commit); the rows are counted afterwards.
 *
 * Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/hokusai_bench REDIS_URL=redis://127.0.0.1:6379/9 npm run bench:debit
 * Knobs: BENCH_RATE (1000), BENCH_DURATION s (8), BENCH_ROUNDS (5), BENCH_CONNECTIONS (64), BENCH_PORT (18900).
 */
import { benchDatabaseUrl, ensureDatabase, percentile, UNLIMITED_INGEST, withClient } from './usage-bench-kit';
import {
  bareRequest,
  benchRedisUrl,
  debitRequest,
  createKeyRecordViaApi,
  paced,
  startBenchServer,
  startMinimalNest,
  knob,
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
  const floor = await startMinimalNest(FLOOR);
  const service = await startBenchServer(
    databaseUrl,
    benchRedisUrl(),
    PORT,
    '/tmp/hokusai-bench-debit.log',
    UNLIMITED_INGEST,
  );
  try {
    const { key_id } = await createKeyRecordViaApi(PORT, 'debit latency');
    const debit = debitRequest(key_id);
    const bare = bareRequest;
    await paced(PORT, RATE, 2, CONNECTIONS, debit);
    await paced(FLOOR, RATE, 2, CONNECTIONS, bare);
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
  } finally {
    await Promise.all([service.stop(), floor.stop()]);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
