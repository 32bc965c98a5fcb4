import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { waitFor } from './harness/local-servers';
import { createTestApp, TestApp } from './harness/test-app';
import { testRedisUrl } from './harness/test-env';
import { TcpProxy } from './harness/tcp-proxy';

/*
 * The rate-limit counters of one event-loop turn on one Redis node: a lone counter is one command, several are one
 * pipeline (RedisStore.sendIncrements). Each caller must still get its exact place in each count, the counts must be
 * what Redis holds, and a pipeline that cannot reach Redis must answer from the fallback like a single command does.
 */
const realRedis = testRedisUrl();
if (realRedis)
  describe("RedisStore's counters of one turn", () => {
    const target = new URL(realRedis);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    const redis = new Redis(realRedis);
    let sut: TestApp;

    beforeAll(async () => {
      await proxy.open();
      sut = await createTestApp({ env: { REDIS_URL: proxy.rewrite(realRedis) } });
      await waitFor(() => Promise.resolve(!sut.store.degraded), 'the store up');
    });
    afterAll(async () => {
      await sut?.close();
      await proxy.close();
      redis.disconnect();
    });

    const hourEnd = () => Date.now() + 3_600_000;

    it('numbers every caller of several counters sent together, and leaves Redis holding the same counts', async () => {
      // Counter i gets i + 1 increments a turn, so a reply handed to the wrong counter would show.
      const keys = Array.from({ length: 5 }, () => `hk:test:turn:{${randomUUID()}}`);
      const end = hourEnd();
      const places = (base: number) =>
        keys.flatMap((_, i) => Array.from({ length: i + 1 }, (_, j) => base * (i + 1) + j + 1));
      const turn = () =>
        Promise.all(
          keys.flatMap((k, i) => Array.from({ length: i + 1 }, () => sut.store.incrementWindow(k, end, 1, 'key'))),
        );
      const first = await turn();
      expect(first.map((c) => c.count)).toEqual(places(0));
      const second = await turn();
      expect(second.map((c) => c.count)).toEqual(places(1));
      expect(await Promise.all(keys.map((k) => redis.get(k)))).toEqual(keys.map((_, i) => String(2 * (i + 1))));
      for (const c of [...first, ...second]) expect(c.resetAtMs).toBeGreaterThan(Date.now());
      expect(sut.store.degraded).toBe(false);
    });

    it('numbers a lone counter of its turn as exactly', async () => {
      const key = `hk:test:turn:{${randomUUID()}}`;
      const end = hourEnd();
      expect((await sut.store.incrementWindow(key, end, 2, 'key')).count).toBe(2);
      expect((await sut.store.incrementWindow(key, end, 1, 'key')).count).toBe(3);
      expect(await redis.get(key)).toBe('3');
    });

    it('answers a turn of several counters from the fallback when Redis is gone, and reports Redis down', async () => {
      const keys = [`hk:test:turn:{${randomUUID()}}`, `hk:test:turn:{${randomUUID()}}`];
      const end = hourEnd();
      await proxy.close();
      const counts = await Promise.all(keys.map((k) => sut.store.incrementWindow(k, end, 1, 'key')));
      expect(counts.map((c) => c.count)).toEqual([1, 1]);
      expect(sut.store.degraded).toBe(true);
      await proxy.open();
      await waitFor(() => Promise.resolve(!sut.store.degraded), 'the store up again');
    });
  });
