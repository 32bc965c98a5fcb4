import request from 'supertest';
import { createKey } from './harness/factories';
import { tableDigest } from './harness/table-digest';
import { createTestApp, TestApp } from './harness/test-app';
import { TEST_ADMIN_TOKEN } from './harness/test-env';

/*
 * Issue 16 item 5: one budget of failed token authentications per client address across every route that takes a
 * token (the admin routes, and the usage routes under USAGE_AUTH=token), and every failure audited.
 */
const LIMIT = 10;
const wrong = { Authorization: 'Bearer wrong-guess-0123456789' };
const event = { service_id: 'platform', endpoint: '/predict', status_code: 200, response_time_ms: 5 };

describe('the failed-token budget (issue 16 item 5)', () => {
  let sut: TestApp;
  let keyId: string;
  const http = () => request(sut.app.getHttpServer());
  const auditedFailures = async (): Promise<
    { token: string; attempts_this_minute_from_ip: number; throttled?: boolean }[]
  > =>
    (
      await sut.dataSource.query(
        `SELECT details FROM audit_events WHERE action = 'admin.auth_failed' ORDER BY occurred_at, id`,
      )
    ).map((r: { details: never }) => r.details);

  beforeAll(async () => {
    sut = await createTestApp({
      env: {
        USAGE_AUTH: 'token',
        USAGE_TOKEN: 'usage-token-0123456789abcdef0123456789',
        ADMIN_AUTH_FAILURES_PER_MINUTE: String(LIMIT),
      },
    });
    keyId = (await createKey(sut.dataSource)).id;
  });
  beforeEach(async () => {
    // One clock minute for the whole test: the budget's window.
    const toMinuteEnd = 60_000 - (Date.now() % 60_000);
    if (toMinuteEnd < 5_000) await new Promise((r) => setTimeout(r, toMinuteEnd + 20));
    await sut.store.del('hk:auth-failures:127.0.0.1');
    await sut.dataSource.query('TRUNCATE audit_events');
  });
  afterAll(() => sut.close());

  // Nine admin routes and the three usage ingestion routes, each tried in turn with a wrong token.
  const attempts = (): (() => request.Test)[] => [
    () => http().get('/api/v1/keys').set(wrong),
    () => http().post('/api/v1/keys').set(wrong).send({ name: 'x', service_id: 'platform' }),
    () => http().get(`/api/v1/keys/${keyId}`).set(wrong),
    () => http().delete(`/api/v1/keys/${keyId}`).set(wrong),
    () => http().post(`/api/v1/keys/${keyId}/rotate`).set(wrong),
    () => http().get('/api/v1/audit').set(wrong),
    () => http().get(`/api/v1/usage/${keyId}/stats`).set(wrong),
    () => http().get(`/api/v1/usage/${keyId}/billing`).set(wrong),
    () => http().get('/api/v1/usage/aggregate').set(wrong),
    () => http().post(`/api/v1/usage/${keyId}`).set(wrong).send(event),
    () =>
      http()
        .post('/api/v1/usage/batch')
        .set(wrong)
        .send({ events: [{ key_id: keyId, ...event }] }),
    () => http().post(`/api/v1/usage/${keyId}/debit`).set(wrong).send(event),
  ];

  it('spreading guesses over every route that takes a token buys no more than the one budget; nothing changes', async () => {
    const before = (await tableDigest(sut.dataSource)).filter((t) => t.table !== 'audit_events');
    const statuses: number[] = [];
    for (let round = 0; round < 2; round++) for (const attempt of attempts()) statuses.push((await attempt()).status);
    expect(statuses).toEqual([...Array(LIMIT).fill(401), ...Array(2 * attempts().length - LIMIT).fill(429)]);
    expect((await tableDigest(sut.dataSource)).filter((t) => t.table !== 'audit_events')).toEqual(before);
  });

  it('every failure within the budget is audited, usage ones included, and the first refusal past it', async () => {
    for (let i = 0; i < LIMIT + 3; i++)
      await (i % 2
        ? http().post(`/api/v1/usage/${keyId}`).set(wrong).send(event)
        : http().get('/api/v1/keys').set(wrong));
    const rows = await waitFor(auditedFailures, (r) => r.length >= LIMIT + 1);
    expect(rows.sort((a, b) => a.attempts_this_minute_from_ip - b.attempts_this_minute_from_ip)).toEqual([
      ...Array.from({ length: LIMIT }, (_, i) => ({
        attempts_this_minute_from_ip: i + 1,
        token: i % 2 ? 'usage' : 'admin',
      })),
      { attempts_this_minute_from_ip: LIMIT + 1, token: 'admin', throttled: true },
    ]);
  });

  it('the right token still works once the budget is spent, and no usage is recorded by a refused request', async () => {
    for (let i = 0; i <= LIMIT; i++) await http().post(`/api/v1/usage/${keyId}`).set(wrong).send(event);
    const refused = await http().post(`/api/v1/usage/${keyId}`).set(wrong).send(event);
    expect([refused.status, refused.body.code, refused.headers['retry-after']]).toEqual([
      429,
      'AUTH_THROTTLED',
      expect.stringMatching(/^\d+$/),
    ]);
    await http().get('/api/v1/keys').set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`).expect(200);
    await http()
      .post(`/api/v1/usage/${keyId}`)
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .send(event)
      .expect(200);
    expect(
      await sut.dataSource.query('SELECT count(*)::int AS n FROM usage_events WHERE key_id = $1', [keyId]),
    ).toEqual([{ n: 1 }]);
  });
});

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const value = await read();
    if (done(value) || i > 100) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}
