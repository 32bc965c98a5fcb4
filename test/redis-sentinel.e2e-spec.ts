import request from 'supertest';
import { performance } from 'node:perf_hooks';
import { InvalidationBus } from '../src/keys/verification/invalidation-bus';
import { KeyProofCache } from '../src/keys/verification/key-proof-cache';
import { redisServerInstalled, waitFor } from './harness/local-servers';
import { RedisSentinelRig } from './harness/redis-sentinel';
import { redisSidesOf } from './harness/redis-side';
import { replicaCases } from './harness/replica-cases';
import { createTestApp, TestApp } from './harness/test-app';
import { ADMIN, createKeyViaApi, validate } from './harness/validation-kit';

/*
 * The shared state behind Sentinel (REDIS_SENTINELS + REDIS_SENTINEL_NAME): the client asks a Sentinel for the
 * master and follows it. One master and one Sentinel, as CI can build them: the two-replica cases, then the master
 * gone (the fault a failover starts from) with no revoked key accepted and no request held past the deadline.
 */
if (redisServerInstalled())
  describe('two replicas through Redis Sentinel', () => {
    let sentinel: RedisSentinelRig;
    let a: TestApp;
    let b: TestApp;
    const ready = () => [a, b].every((r) => !r.store.degraded && r.app.get(InvalidationBus).lease.held);
    // The proof tier has a connection of its own (node-redis through @keyv/redis), which finds the master through the
    // Sentinel on its own schedule: a proof written before it connects is skipped (one more compare, by design).
    const proofsShared = async () => {
      await a.app.get(KeyProofCache).set('probe', 'proof-tier-up', 10_000);
      return (await b.app.get(KeyProofCache).get('probe')) === 'proof-tier-up';
    };

    beforeAll(async () => {
      sentinel = await RedisSentinelRig.start();
      a = await createTestApp({ env: sentinel.env });
      b = await createTestApp({ env: sentinel.env, clean: false });
      await waitFor(
        () => Promise.resolve(ready()),
        async () => `both replicas to hold their lease through Sentinel (${await redisSidesOf([a, b])})`,
      );
      await waitFor(proofsShared, 'the key-proof tier to reach the master through Sentinel');
    }, 60_000);
    afterAll(async () => {
      await b?.close();
      await a?.close();
      await sentinel?.stop();
    });

    describe('the two-replica cases', () =>
      replicaCases(
        () => a,
        () => b,
      ));

    it('the master killed: a warm key answers within the deadline, a revocation holds, and all recovers', async () => {
      const key = await createKeyViaApi(a);
      await validate(b, key.api_key).expect(200);
      await sentinel.killMaster();
      try {
        let slowest = 0;
        const until = performance.now() + 1.5 * a.config.cacheLeaseMs;
        for (let i = 0; performance.now() < until; i++) {
          const started = performance.now();
          await validate(i % 2 ? a : b, key.api_key).expect(200);
          slowest = Math.max(slowest, performance.now() - started);
        }
        expect(slowest).toBeLessThan(1000);
        await request(a.app.getHttpServer()).delete(`/api/v1/keys/${key.key_id}`).set(ADMIN).expect(200);
        expect((await validate(b, key.api_key).expect(401)).body.code).toBe('REVOKED');
      } finally {
        await sentinel.startMaster();
      }
      await waitFor(() => Promise.resolve(ready()), 'both replicas to recover through Sentinel');
      expect((await request(b.app.getHttpServer()).get('/ready').expect(200)).body.status).toBe('ready');
    });
  });
