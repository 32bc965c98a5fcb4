/*
 * Revoke and rotate latency under each Redis fault (CONTRACT.md "revoke"), on two replicas sharing PostgreSQL and
 * Redis, each behind its own TCP proxy (test/harness/redis-faults.ts): healthy, a replica's subscription killed,
 * Redis down, Redis frozen. Each round warms a fresh key on replica B, causes the fault, times the admin call on
 * A, checks that B refuses the key on its very next request (counted, never assumed), and ends the fault. Under
 * Redis frozen it also times warm validations on both replicas for one lease and a half (the slowest is the figure
 * to compare with the 200 ms deadline).
 *
 * Run (the npm script compiles the service and the benches into .bench-build/ first):
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/hokusai_bench REDIS_URL=redis://127.0.0.1:6379/9 \
 *     npm run bench:revocation
 * Knobs: BENCH_ROUNDS per mode and operation (20).
 */
import request from 'supertest';
import { performance } from 'node:perf_hooks';
import { RedisFault, REDIS_FAULTS, RedisFaultRig } from '../test/harness/redis-faults';
import type { TestApp } from '../test/harness/test-app';
import { ADMIN, createKeyViaApi, validate } from '../test/harness/validation-kit';
import { benchDatabaseUrl, ensureDatabase, percentile } from './usage-bench-kit';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
type Mode = 'healthy' | RedisFault;
type Operation = 'revoke' | 'rotate (grace 0)';

async function main(): Promise<void> {
  const databaseUrl = benchDatabaseUrl();
  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl) throw new Error('Set REDIS_URL (a database number of its own: it is used, not flushed)');
  await ensureDatabase(databaseUrl);
  process.env.TEST_LOG_LEVEL ??= 'silent';
  const rig = await RedisFaultRig.start(redisUrl, [
    { env: { DATABASE_URL: databaseUrl } },
    { env: { DATABASE_URL: databaseUrl } },
  ]);
  const [a, b] = rig.replicas;
  const rows: string[] = [];
  let accepted = 0;
  try {
    for (const mode of ['healthy', ...REDIS_FAULTS] as Mode[]) {
      for (const operation of ['revoke', 'rotate (grace 0)'] as Operation[]) {
        const took: number[] = [];
        for (let i = 0; i < ROUNDS; i++) {
          const key = await createKeyViaApi(a);
          await validate(b, key.api_key).expect(200);
          if (mode !== 'healthy') await rig.cause(mode);
          const started = performance.now();
          await adminCall(a, operation, key.key_id);
          took.push(performance.now() - started);
          if ((await validate(b, key.api_key)).status === 200) accepted++;
          if (mode !== 'healthy') await rig.end(mode);
          await rig.settled();
        }
        took.sort((x, y) => x - y);
        rows.push(
          `| ${mode} | ${operation} | ${ROUNDS} | ${percentile(took, 50).toFixed(1)} | ${percentile(took, 99).toFixed(1)} |`,
        );
        console.log(rows.at(-1));
      }
    }
    const slowest = await frozenValidation(rig, a, b);
    console.log('\n| fault | operation | rounds | p50 (ms) | p99 (ms) |\n|---|---|---|---|---|');
    for (const row of rows) console.log(row);
    console.log(`\nkilled keys accepted by B on its next request: ${accepted} (must be 0)`);
    console.log(`Redis frozen: slowest warm validation over 1.5 leases on either replica: ${slowest.toFixed(1)} ms`);
  } finally {
    await rig.close();
  }
}

async function adminCall(sut: TestApp, operation: Operation, keyId: string): Promise<void> {
  const http = request(sut.app.getHttpServer());
  if (operation === 'revoke') await http.delete(`/api/v1/keys/${keyId}`).set(ADMIN).expect(200);
  else await http.post(`/api/v1/keys/${keyId}/rotate`).set(ADMIN).send({ grace_period_hours: 0 }).expect(200);
}

async function frozenValidation(rig: RedisFaultRig, a: TestApp, b: TestApp): Promise<number> {
  const key = await createKeyViaApi(a);
  await validate(a, key.api_key).expect(200);
  await validate(b, key.api_key).expect(200);
  await rig.cause('redis frozen');
  let slowest = 0;
  const until = performance.now() + 1.5 * a.config.cacheLeaseMs;
  for (let i = 0; performance.now() < until; i++) {
    const started = performance.now();
    await validate(i % 2 ? a : b, key.api_key).expect(200);
    slowest = Math.max(slowest, performance.now() - started);
  }
  await rig.end('redis frozen');
  await rig.settled();
  return slowest;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
