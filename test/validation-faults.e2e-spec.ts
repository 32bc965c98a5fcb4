import request from 'supertest';
import { createTestApp, TestApp } from './harness/test-app';
import { testDatabaseUrl, testRedisUrl } from './harness/test-env';
import { TcpProxy } from './harness/tcp-proxy';
import { ADMIN, createKeyViaApi, validate } from './harness/validation-kit';

/*
 * Validation under dependency faults (ARCHITECTURE.md "Rate limits": in-memory fallback; CONTRACT.md /ready).
 * Each dependency sits behind a TCP proxy the test closes and reopens; without a real Redis the proxy leads to a
 * closed port, so that variant checks the outage alone.
 */
const degradedGauge = async (sut: TestApp) =>
  /^hokusai_degraded (\d)$/m.exec(
    (await request(sut.app.getHttpServer()).get('/metrics/prometheus').expect(200)).text,
  )?.[1];

describe('Redis unreachable', () => {
  const realRedis = testRedisUrl();
  let proxy: TcpProxy;
  let sut: TestApp;

  beforeAll(async () => {
    const target = realRedis ? new URL(realRedis) : new URL('redis://127.0.0.1:1/0');
    proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    await proxy.open();
    sut = await createTestApp({ env: { REDIS_URL: proxy.rewrite(target.toString()) } });
  });
  afterAll(async () => {
    await sut.close();
    await proxy.close();
  });

  it('keeps validating from memory, counts the limit there, reports degraded, and recovers by itself', async () => {
    const http = () => request(sut.app.getHttpServer());
    const cached = await createKeyViaApi(sut);
    if (realRedis) await validate(sut, cached.api_key).expect(200);
    await proxy.close();

    await validate(sut, cached.api_key).expect(200);
    const limited = await createKeyViaApi(sut, { rate_limit_per_hour: 10 });
    for (let i = 0; i < 10; i++) await validate(sut, limited.api_key).expect(200);
    await validate(sut, limited.api_key).expect(429);
    await http().delete(`/api/v1/keys/${cached.key_id}`).set(ADMIN).expect(200);
    await validate(sut, cached.api_key).expect(401);

    expect((await http().get('/ready').expect(200)).body).toEqual({
      status: 'degraded',
      checks: { database: true, redis: false },
    });
    expect(await degradedGauge(sut)).toBe('1');
    expect((await http().get('/metrics').expect(200)).body.degraded).toBe(true);
    if (!realRedis) return;

    await proxy.open();
    await waitFor(async () => (await http().get('/ready')).body.status === 'ready');
    expect(await degradedGauge(sut)).toBe('0');
    const fresh = await createKeyViaApi(sut);
    await validate(sut, fresh.api_key).expect(200);
  });
});

// The embedded database lives in the process and cannot become unreachable: this needs a real server.
const realDb = testDatabaseUrl();
if (realDb)
  describe('PostgreSQL unreachable', () => {
    let proxy: TcpProxy;
    let sut: TestApp;

    beforeAll(async () => {
      const u = new URL(realDb);
      proxy = new TcpProxy(u.hostname, Number(u.port || 5432));
      await proxy.open();
      sut = await createTestApp({ env: { DATABASE_URL: proxy.rewrite(realDb) } });
    });
    afterAll(async () => {
      await sut.close().catch(() => undefined);
      await proxy.close();
    });

    it('cached keys keep validating, admin writes answer 503 with nothing half-written, and it recovers', async () => {
      const http = () => request(sut.app.getHttpServer());
      const key = await createKeyViaApi(sut);
      await validate(sut, key.api_key).expect(200);
      const count = async () => (await http().get('/api/v1/keys').set(ADMIN).expect(200)).body.length;
      const before = await count();
      await proxy.close();

      await validate(sut, key.api_key).expect(200);
      const refused = await http()
        .post('/api/v1/keys')
        .set(ADMIN)
        .send({ name: 'while down', service_id: 'platform' })
        .expect(503);
      expect(refused.body).toEqual({ detail: 'Service temporarily unavailable' });
      expect(refused.headers['retry-after']).toBe('5');
      expect(JSON.stringify(refused.body)).not.toMatch(/ECONN|SELECT|INSERT/);
      await http().get('/ready').expect(503);
      await http().get('/live').expect(200);

      await proxy.open();
      await waitFor(async () => (await http().get('/ready')).status === 200);
      expect(await count()).toBe(before);
      await http().post('/api/v1/keys').set(ADMIN).send({ name: 'after', service_id: 'platform' }).expect(201);
    });
  });

async function waitFor(ok: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
