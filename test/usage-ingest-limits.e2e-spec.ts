import request from 'supertest';
import { createKey } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';
import { TEST_ADMIN_TOKEN, TEST_PREVIOUS_ADMIN_TOKEN } from './harness/test-env';

const EVENT = { service_id: 'platform', endpoint: '/p', status_code: 200, response_time_ms: 1 };
const USAGE_TOKEN = 'usage-token-0123456789abcdef';

async function storedEvents(sut: TestApp): Promise<number> {
  return (await sut.dataSource.query('SELECT count(*)::int AS n FROM usage_events'))[0].n;
}

describe('USAGE_AUTH=token (CONTRACT.md "Usage ingestion auth")', () => {
  let sut: TestApp;
  let keyId: string;
  const routes = () =>
    [
      ['POST /api/v1/usage/{key_id}', `/api/v1/usage/${keyId}`, EVENT],
      ['POST /api/v1/usage/batch', '/api/v1/usage/batch', { events: [{ key_id: keyId, ...EVENT }] }],
      ['POST /api/v1/usage/{key_id}/debit', `/api/v1/usage/${keyId}/debit`, EVENT],
    ] as const;

  beforeAll(async () => {
    sut = await createTestApp({ env: { USAGE_AUTH: 'token', USAGE_TOKEN } });
    keyId = (await createKey(sut.dataSource)).id;
  });
  afterAll(() => sut.close());

  it('refuses ingestion without a token or with a wrong one (401), recording nothing', async () => {
    for (const [, path, body] of routes()) {
      for (const auth of [undefined, `Bearer ${USAGE_TOKEN}x`, `Basic ${USAGE_TOKEN}`]) {
        const call = request(sut.app.getHttpServer()).post(path).send(body);
        const res = await (auth ? call.set('Authorization', auth) : call).expect(401);
        expect(res.body).toEqual({ detail: 'Invalid or missing usage token' });
        expect(res.headers['www-authenticate']).toBe('Bearer');
      }
    }
    expect(await storedEvents(sut)).toBe(0);
  });

  it('accepts USAGE_TOKEN and the admin tokens', async () => {
    for (const [, path, body] of routes()) {
      for (const token of [USAGE_TOKEN, TEST_ADMIN_TOKEN, TEST_PREVIOUS_ADMIN_TOKEN]) {
        await request(sut.app.getHttpServer())
          .post(path)
          .set('Authorization', `Bearer ${token}`)
          .send(body)
          .expect(200);
      }
    }
    expect(await storedEvents(sut)).toBe(9);
  });
});

describe('ingestion is rate limited per client IP', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ env: { USAGE_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(() => sut.close());

  it('answers 429 with Retry-After past the limit of the clock minute', async () => {
    const { id } = await createKey(sut.dataSource);
    const statuses: number[] = [];
    let refused: request.Response | undefined;
    // At most 3 per minute window: within 7 calls one is refused even if a minute boundary falls in between.
    for (let i = 0; i < 7 && !refused; i++) {
      const res = await request(sut.app.getHttpServer()).post(`/api/v1/usage/${id}`).send(EVENT);
      statuses.push(res.status);
      if (res.status === 429) refused = res;
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(refused?.body).toEqual({ detail: 'Too many requests' });
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused?.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(await storedEvents(sut)).toBe(statuses.filter((s) => s === 200).length);
  });
});

describe('back-pressure: a bounded buffer answers 503 instead of growing', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ env: { USAGE_BUFFER_MAX_EVENTS: '4' } });
  });
  afterAll(() => sut.close());

  const buffered = async () =>
    (await request(sut.app.getHttpServer()).get('/metrics').expect(200)).body.usage_events.buffered as number;

  it('refuses events past USAGE_BUFFER_MAX_EVENTS with 503 and Retry-After while the database is stalled', async () => {
    const { id } = await createKey(sut.dataSource);
    const http = () => request(sut.app.getHttpServer());
    await http().post(`/api/v1/usage/${id}`).send(EVENT).expect(200);
    let waiting: Promise<request.Response>[] = [];
    await sut.dataSource.transaction(async (tx) => {
      // Every flush starts by locking usage_monthly rows: this stalls them until the transaction ends.
      await tx.query('LOCK TABLE usage_monthly IN EXCLUSIVE MODE');
      waiting = Array.from({ length: 4 }, () =>
        http()
          .post(`/api/v1/usage/${id}`)
          .send(EVENT)
          .then((r) => r),
      );
      while ((await buffered()) < 4) await new Promise((resolve) => setTimeout(resolve, 5));
      const refused = await http().post(`/api/v1/usage/${id}`).send(EVENT).expect(503);
      expect(refused.body).toEqual({ detail: 'Service temporarily unavailable' });
      expect(refused.headers['retry-after']).toBe('1');
      const batch = await http()
        .post('/api/v1/usage/batch')
        .send({ events: [{ key_id: id, ...EVENT }] })
        .expect(503);
      expect(batch.body).toEqual({ detail: 'Service temporarily unavailable' });
      await http().post(`/api/v1/usage/${id}/debit`).send(EVENT).expect(503);
    });
    expect((await Promise.all(waiting)).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(await storedEvents(sut)).toBe(5);
    expect(await buffered()).toBe(0);
  });
});
