import request from 'supertest';
import { InvalidationBus } from '../src/keys/verification/invalidation-bus';
import { waitFor } from './harness/local-servers';
import { redisSideOf } from './harness/redis-side';
import { createTestApp, TestApp } from './harness/test-app';
import { testRedisUrl } from './harness/test-env';
import { TcpProxy } from './harness/tcp-proxy';

/*
 * A replica started while Redis cannot be reached (a rollout during a Redis restart, or Redis starting slower than
 * the pods): its subscription to the invalidation channel is asked for before any connection exists, and the
 * connection then fails several times. Once Redis answers, the replica must subscribe and regain its cache lease;
 * without the subscription it would hear no invalidation and, rightly, never trust its cache again.
 */
const realRedis = testRedisUrl();
if (realRedis)
  describe('a replica started while Redis is unreachable', () => {
    const target = new URL(realRedis);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    let sut: TestApp;

    beforeAll(async () => {
      await proxy.open();
      await proxy.close();
      sut = await createTestApp({ env: { REDIS_URL: proxy.rewrite(realRedis) } });
    });
    afterAll(async () => {
      await sut?.close();
      await proxy.close();
    });

    it('subscribes and regains its cache lease once Redis answers, after several failed connection attempts', async () => {
      // Long enough for ioredis to fail a connection attempt more than once (retries after 200 and 400 ms, ...).
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(sut.app.get(InvalidationBus).lease.held).toBe(false);
      expect((await request(sut.app.getHttpServer()).get('/ready').expect(200)).body.status).toBe('degraded');

      await proxy.open();
      await waitFor(
        () => Promise.resolve(!sut.store.degraded && sut.app.get(InvalidationBus).lease.held),
        async () => `the cache lease after Redis came back (${await redisSideOf(sut, 0)})`,
      );
      expect((await request(sut.app.getHttpServer()).get('/ready').expect(200)).body.status).toBe('ready');
    });
  });
