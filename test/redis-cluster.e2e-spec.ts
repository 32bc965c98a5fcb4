import request from 'supertest';
import { performance } from 'node:perf_hooks';
import { InvalidationBus, REPLICAS } from '../src/keys/verification/invalidation-bus';
import { Clock } from '../src/common/time/clock';
import { faultCases, SteppedClock } from './harness/fault-cases';
import { redisServerInstalled } from './harness/local-servers';
import { RedisClusterRig } from './harness/redis-cluster';
import { RedisFaultRig } from './harness/redis-faults';
import { replicaCases } from './harness/replica-cases';
import type { TestApp } from './harness/test-app';
import { ADMIN, createKeyViaApi, validate } from './harness/validation-kit';

/*
 * The shared state on a real Redis Cluster of three masters (README "Which Redis"): the two-replica cases and the
 * Redis-fault cases that run on one Redis run here unchanged, then the cluster's own: every key name and script
 * on one slot per API key, membership in one key, and the node serving a key's slot killed outright.
 * CI installs redis-server; the suite starts and stops its own nodes on free loopback ports.
 */
if (redisServerInstalled())
  describe('two replicas on a Redis Cluster of three masters', () => {
    const clock = new SteppedClock();
    let cluster: RedisClusterRig;
    let rig: RedisFaultRig;
    const a = () => rig.replicas[0];
    const b = () => rig.replicas[1];
    const http = (sut: TestApp) => request(sut.app.getHttpServer());

    beforeAll(async () => {
      cluster = await RedisClusterRig.start();
      rig = await RedisFaultRig.start(cluster, [{}, { overrides: [[Clock, clock]] }]);
    }, 60_000);
    afterAll(async () => {
      await rig?.close();
      await cluster?.stop();
    });

    describe('the two-replica cases', () => replicaCases(a, b));
    describe('the Redis-fault cases', () => faultCases(() => rig, clock));

    it("one API key's counters share one slot; membership is one key both replicas read", async () => {
      const key = await createKeyViaApi(a(), { burst_limit_per_second: 50 });
      await validate(b(), key.api_key).expect(200);
      const stored: { name: string; port: number }[] = [];
      for (const port of cluster.ports) {
        for (const name of await cluster.admin(port).keys('hk:*')) stored.push({ name, port });
      }
      const counters = stored.filter((k) => k.name.includes(`{${key.key_id}}`));
      expect(counters.map((k) => k.name).sort()).toEqual([
        expect.stringMatching(new RegExp(`^hk:throttle:per-key:\\{${key.key_id}\\}:h:\\d+$`)),
        expect.stringMatching(new RegExp(`^hk:throttle:per-key:\\{${key.key_id}\\}:s:\\d+$`)),
      ]);
      const tagSlot = await cluster.slotOf(`{${key.key_id}}`);
      for (const c of counters) expect(await cluster.slotOf(c.name)).toBe(tagSlot);
      expect(new Set(counters.map((c) => c.port)).size).toBe(1);
      expect(stored.filter((k) => k.name === REPLICAS)).toHaveLength(1);
      const members = await a().store.members(REPLICAS);
      expect(members).toEqual(
        expect.arrayContaining([a().app.get(InvalidationBus).replicaId, b().app.get(InvalidationBus).replicaId]),
      );
    });

    it("the node serving a key's slot killed: no revoked key accepted, no request held past the deadline, and all recovers", async () => {
      const key = await createKeyViaApi(a());
      await validate(a(), key.api_key).expect(200);
      await validate(b(), key.api_key).expect(200);
      const victim = await cluster.ownerOf(`{${key.key_id}}`);
      await cluster.kill(victim);
      try {
        let slowest = 0;
        // Across the first deadline, the cluster declaring itself failed (node timeout 1 s), and the lease running out.
        const until = performance.now() + 2.5 * a().config.cacheLeaseMs;
        for (let i = 0; performance.now() < until; i++) {
          const started = performance.now();
          await validate(i % 2 ? a() : b(), key.api_key).expect(200);
          slowest = Math.max(slowest, performance.now() - started);
        }
        // The deadline is 200 ms a call; this bound tells a deadline from a hang or a chain of cluster retries, with
        // room for a loaded CI machine (the same bound as the single-node fault cases).
        expect(slowest).toBeLessThan(2000);
        const started = performance.now();
        await http(a()).delete(`/api/v1/keys/${key.key_id}`).set(ADMIN).expect(200);
        // At most the silent replicas' lease after the publish attempt, plus that attempt's deadline.
        expect(performance.now() - started).toBeLessThan(a().config.cacheLeaseMs + 1000);
        expect((await validate(b(), key.api_key).expect(401)).body.code).toBe('REVOKED');
        expect((await validate(a(), key.api_key).expect(401)).body.code).toBe('REVOKED');
        for (const sut of [a(), b()]) {
          expect((await http(sut).get('/ready').expect(200)).body).toEqual({
            status: 'degraded',
            checks: { database: true, redis: false },
          });
        }
      } finally {
        await cluster.restart(victim);
      }
      await rig.settled(30_000);
      for (const sut of [a(), b()]) expect((await http(sut).get('/ready').expect(200)).body.status).toBe('ready');
      const limit = 10;
      const limited = await createKeyViaApi(a(), { rate_limit_per_hour: limit });
      const answers = await Promise.all(
        Array.from({ length: 3 * limit }, (_, i) => validate(i % 2 ? a() : b(), limited.api_key)),
      );
      expect(answers.filter((r) => r.status === 200)).toHaveLength(limit);
      // The fault (about 5 s) and the wait for the cluster to recover (up to 30 s on a loaded machine) need more than
      // the default 30 s a test.
    }, 60_000);
  });
