/*
 * Two builds of the service side by side: validate with a cached key (Bearer form) on an earlier build (BENCH_BEFORE,
 * a tree compiled with tsc from another commit) and on this one, each in its own process on PostgreSQL and its own
 * Redis database, with a minimal Nest app (bench/minimal-nest-server.ts) as the floor. Rounds alternate and rotate
 * their order, so drift on this shared machine hits all three alike; the figure is the per-round ratio
 * after/before and its median. Used to show that a change kept the hot path's cost (issue: leased caches).
 *
 * Run:
 *   git worktree add /tmp/before <commit> && (cd /tmp/before && npm ci && npx tsc -p tsconfig.json --outDir /tmp/hb-before)
 *   BENCH_BEFORE=/tmp/hb-before DATABASE_URL=postgres://postgres@127.0.0.1:5432/hokusai_bench \
 *     REDIS_URL=redis://127.0.0.1:6379/9 npm run bench:validation-ab
 * Knobs: BENCH_ROUNDS (5), BENCH_DURATION s (10), BENCH_CONNECTIONS (64), BENCH_PORT (18600).
 */
import { join } from 'node:path';
import { benchDatabaseUrl, ensureDatabase, percentile } from './usage-bench-kit';
import {
  BARE_BODY,
  BARE_PATH,
  benchRedisUrl,
  createKeyViaApi,
  load,
  LoadResult,
  startBenchServer,
  startMinimalNest,
  VALIDATE_BODY,
  VALIDATE_PATH,
  knob,
} from './validation-bench-kit';

const ROUNDS = knob('BENCH_ROUNDS', 5);
const SECONDS = knob('BENCH_DURATION', 10);
const CONNECTIONS = knob('BENCH_CONNECTIONS', 64);
const PORT = knob('BENCH_PORT', 18600);

type Side = 'floor' | 'before' | 'after';

async function main(): Promise<void> {
  const before = process.env.BENCH_BEFORE;
  if (!before) throw new Error('Set BENCH_BEFORE to a compiled tree of the earlier build (its bench/ folder is used)');
  const databaseUrl = benchDatabaseUrl();
  await ensureDatabase(databaseUrl);
  const redis = new URL(benchRedisUrl());
  const redisDb = (n: number) => Object.assign(new URL(redis), { pathname: `/${n}` }).toString();
  const floor = await startMinimalNest(PORT);
  const servers = {
    // The earlier tree has no node_modules of its own: it resolves this checkout's (.bench-build/bench -> ../../).
    before: await startBenchServer(
      databaseUrl,
      redisDb(8),
      PORT + 1,
      '/tmp/hokusai-bench-ab-before.log',
      { NODE_PATH: join(__dirname, '..', '..', 'node_modules') },
      join(before, 'bench'),
    ),
    after: await startBenchServer(databaseUrl, redisDb(9), PORT + 2, '/tmp/hokusai-bench-ab-after.log'),
  };
  try {
    // A key per round and side: one round of 10 s can spend a fifth of the largest hourly limit (100,000).
    const keysOf = (port: number) =>
      Promise.all(Array.from({ length: ROUNDS + 1 }, (_, i) => createKeyViaApi(port, `ab ${i}`)));
    const keys = { before: await keysOf(PORT + 1), after: await keysOf(PORT + 2) };
    let round = 0;
    const run = (side: Side, seconds = SECONDS): Promise<LoadResult> =>
      side === 'floor'
        ? load({ port: PORT, path: BARE_PATH, body: BARE_BODY, connections: CONNECTIONS, seconds })
        : load({
            port: servers[side].port,
            path: VALIDATE_PATH,
            body: VALIDATE_BODY,
            connections: CONNECTIONS,
            seconds,
            headers: { authorization: `Bearer ${keys[side][round]}` },
          });
    for (const side of ['floor', 'before', 'after'] as Side[]) await run(side, 3);
    const ratios: { afterBefore: number; beforeFloor: number; afterFloor: number }[] = [];
    const orders: Side[][] = [
      ['floor', 'before', 'after'],
      ['after', 'floor', 'before'],
      ['before', 'after', 'floor'],
    ];
    for (round = 1; round <= ROUNDS; round++) {
      const r = {} as Record<Side, LoadResult>;
      for (const side of orders[round % orders.length]) {
        r[side] = await run(side);
        if (side !== 'floor' && r[side].non2xx + r[side].errors > 0)
          throw new Error(`${side}: non-2xx answers ${JSON.stringify(r[side].statusCodes)}`);
      }
      ratios.push({
        afterBefore: r.after.rps / r.before.rps,
        beforeFloor: r.before.rps / r.floor.rps,
        afterFloor: r.after.rps / r.floor.rps,
      });
      console.log(
        `round ${round}: floor ${r.floor.rps.toFixed(0)}, before ${r.before.rps.toFixed(0)} (p99 ${r.before.p99.toFixed(1)} ms), ` +
          `after ${r.after.rps.toFixed(0)} (p99 ${r.after.p99.toFixed(1)} ms) req/s; after/before ${ratios.at(-1)!.afterBefore.toFixed(2)}`,
      );
    }
    const median = (xs: number[]) =>
      percentile(
        [...xs].sort((a, b) => a - b),
        50,
      ).toFixed(2);
    console.log(
      `\nmedian after/before ${median(ratios.map((x) => x.afterBefore))}; ` +
        `before/floor ${median(ratios.map((x) => x.beforeFloor))}; after/floor ${median(ratios.map((x) => x.afterFloor))}`,
    );
  } finally {
    await Promise.all([servers.before.stop(), servers.after.stop(), floor.stop()]);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
