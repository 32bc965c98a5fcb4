/*
 * Key creation latency (issue 5's closing note): POST /api/v1/keys at the production bcrypt cost, one request at a
 * time (its cost is the bcrypt hash in the worker pool), then 8 at once to show the pool's two-core ceiling; next
 * to a bare bcrypt hash at the same cost in this process, so the overhead beyond bcrypt is read off one run.
 *
 * Run (the npm script compiles the service and the benches into .bench-build/ first):
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/hokusai_bench REDIS_URL=redis://127.0.0.1:6379/9 \
 *     npm run bench:key-create
 * Knobs: BENCH_CREATES (20), BCRYPT_ROUNDS (12), BENCH_PORT (18520).
 */
import { hashSync } from 'bcryptjs';
import { performance } from 'node:perf_hooks';
import { BENCH_ADMIN_TOKEN, benchDatabaseUrl, ensureDatabase, percentile } from './usage-bench-kit';
import { benchRedisUrl, httpPost, startBenchServer } from './validation-bench-kit';

const CREATES = Number(process.env.BENCH_CREATES ?? 20);
const ROUNDS = Number(process.env.BCRYPT_ROUNDS ?? 12);
const PORT = Number(process.env.BENCH_PORT ?? 18520);

async function main(): Promise<void> {
  const db = benchDatabaseUrl();
  await ensureDatabase(db);
  const server = await startBenchServer(db, benchRedisUrl(), PORT, '/tmp/hokusai-bench-key-create.log', {
    BCRYPT_ROUNDS: String(ROUNDS),
  });
  try {
    const create = async (i: number) => {
      const res = await httpPost(
        PORT,
        '/api/v1/keys',
        JSON.stringify({ name: `bench create ${i}`, service_id: 'platform' }),
        {
          authorization: `Bearer ${BENCH_ADMIN_TOKEN}`,
        },
      );
      if (res.status !== 201) throw new Error(`create answered ${res.status}`);
      return res.ms;
    };
    await create(-1);
    const sequential: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < CREATES; i++) {
      sequential.push(await create(i));
      const t = performance.now();
      hashSync('hk_live_benchbenchbenchbenchbenchbench', ROUNDS);
      bare.push(performance.now() - t);
    }
    const t0 = performance.now();
    const parallel = await Promise.all(Array.from({ length: 8 }, (_, i) => create(1000 + i)));
    const wall = performance.now() - t0;
    const p = (xs: number[], q: number) =>
      percentile(
        [...xs].sort((a, b) => a - b),
        q,
      ).toFixed(1);
    console.log(`\n| figure (bcrypt cost ${ROUNDS}) | p50 ms | p95 ms |\n|---|---:|---:|`);
    console.log(`| POST /api/v1/keys, one at a time (${CREATES}) | ${p(sequential, 50)} | ${p(sequential, 95)} |`);
    console.log(`| bare bcrypt hash in the bench process | ${p(bare, 50)} | ${p(bare, 95)} |`);
    console.log(`| POST /api/v1/keys, 8 at once | ${p(parallel, 50)} | ${p(parallel, 95)} |`);
    console.log(
      `\n8 concurrent creates took ${wall.toFixed(0)} ms in all (${((8 * 1000) / wall).toFixed(1)} creates/s)`,
    );
  } finally {
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
