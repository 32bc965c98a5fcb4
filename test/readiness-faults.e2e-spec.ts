import request from 'supertest';
import { createTestApp, TestApp } from './harness/test-app';
import { testDatabaseUrl } from './harness/test-env';
import { TcpProxy } from './harness/tcp-proxy';

describe('readiness when the database goes away', () => {
  const realUrl = testDatabaseUrl();
  let proxy: TcpProxy | undefined;
  let sut: TestApp;

  beforeAll(async () => {
    if (realUrl) {
      const u = new URL(realUrl);
      proxy = new TcpProxy(u.hostname, Number(u.port || 5432));
      await proxy.open();
    }
    sut = await createTestApp({ env: { DATABASE_URL: proxy ? proxy.rewrite(realUrl!) : undefined } });
  });
  afterAll(async () => {
    await sut.close().catch(() => undefined);
    await proxy?.close();
  });

  it('answers 503 not ready while the database is unreachable, keeps /live at 200, and recovers', async () => {
    const http = sut.app.getHttpServer();
    await request(http).get('/ready').expect(200);
    if (proxy) await proxy.close();
    else await sut.dataSource.destroy();

    const started = Date.now();
    const down = await request(http).get('/ready').expect(503);
    expect(down.body).toEqual({ status: 'not ready', checks: { database: false, redis: true } });
    expect(Date.now() - started).toBeLessThan(3000);
    await request(http).get('/live').expect(200, { status: 'alive' });
    await request(http).get('/health').expect(200);

    if (proxy) await proxy.open();
    else await sut.dataSource.initialize();
    const up = await request(http).get('/ready').expect(200);
    expect(up.body).toEqual({ status: 'ready', checks: { database: true, redis: true } });
  });
});
