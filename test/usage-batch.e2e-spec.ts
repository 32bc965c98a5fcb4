import request from 'supertest';
import { Clock } from '../src/common/time/clock';
import { createKey } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';
import { TEST_ADMIN_TOKEN } from './harness/test-env';

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const UNKNOWN_KEY = '00000000-0000-4000-8000-000000000000';

function event(overrides: Record<string, unknown> = {}) {
  return {
    service_id: 'platform',
    endpoint: '/api/v1/models/predict',
    status_code: 200,
    response_time_ms: 10,
    ...overrides,
  };
}

describe('POST /api/v1/usage/batch (CONTRACT.md "batch")', () => {
  let sut: TestApp;
  let clock: Clock;
  const at = (iso: string) => jest.spyOn(clock, 'now').mockReturnValue(new Date(iso));
  const http = () => request(sut.app.getHttpServer());
  const record = (keyId: string, body: object) => http().post(`/api/v1/usage/${keyId}`).send(body);
  const stats = (keyId: string, period: string) =>
    http().get(`/api/v1/usage/${keyId}/stats`).query({ period }).set(admin);

  beforeAll(async () => {
    sut = await createTestApp();
    clock = sut.app.get(Clock);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => sut.close());

  it('records 1..1000 events for several keys and counts duplicates, in the batch and already stored', async () => {
    const a = await createKey(sut.dataSource);
    const b = await createKey(sut.dataSource);
    at('2026-09-09T09:09:09.000Z');
    await record(a.id, event({ idempotency_key: 'seen' })).expect(200);
    const events = [
      { key_id: a.id, ...event({ idempotency_key: 'seen' }) },
      { key_id: a.id, ...event({ idempotency_key: 'new' }) },
      { key_id: a.id, ...event({ idempotency_key: 'new' }) },
      { key_id: b.id, ...event({ idempotency_key: 'seen', predictions_count: 2 }) },
      { key_id: b.id, ...event() },
    ];
    const res = await http().post('/api/v1/usage/batch').send({ events }).expect(200);
    expect(res.body).toEqual({ accepted: 3, duplicates: 2 });
    expect((await stats(a.id, '2026-09')).body.total_requests).toBe(2);
    expect((await stats(b.id, '2026-09')).body.total_predictions).toBe(2);
  });

  it('takes 1000 events in one request (past the 64 KiB limit of other routes), and refuses a body over 1 MiB', async () => {
    const { id } = await createKey(sut.dataSource);
    at('2026-10-01T00:00:00.000Z');
    const events = Array.from({ length: 1000 }, (_, i) => ({
      key_id: id,
      ...event({ endpoint: `/p${i % 7}`, predictions_count: 1 }),
    }));
    expect((await http().post('/api/v1/usage/batch').send({ events }).expect(200)).body).toEqual({
      accepted: 1000,
      duplicates: 0,
    });
    expect((await stats(id, '2026-10')).body.total_predictions).toBe(1000);
    const huge = Array.from({ length: 1000 }, () => ({ key_id: id, ...event({ endpoint: `/${'x'.repeat(1100)}` }) }));
    expect((await http().post('/api/v1/usage/batch').send({ events: huge }).expect(413)).body).toEqual({
      detail: 'Request body too large',
    });
    expect((await stats(id, '2026-10')).body.total_requests).toBe(1000);
  });

  it('refuses the whole batch, naming the index, when one event is bad; nothing is recorded', async () => {
    const { id } = await createKey(sut.dataSource);
    const events = [0, 1, 2, 3].map((i) => ({ key_id: id, ...event(i === 3 ? { status_code: 99 } : {}) }));
    const res = await http().post('/api/v1/usage/batch').send({ events }).expect(422);
    expect(res.body).toEqual({
      detail: [{ loc: ['body', 'events', 3, 'status_code'], msg: expect.any(String), type: 'value_error' }],
    });
    const missing = await http()
      .post('/api/v1/usage/batch')
      .send({ events: [event(), { key_id: id }] })
      .expect(422);
    expect(missing.body.detail).toEqual(
      expect.arrayContaining([
        { loc: ['body', 'events', 0, 'key_id'], msg: 'Field required', type: 'missing' },
        { loc: ['body', 'events', 1, 'endpoint'], msg: 'Field required', type: 'missing' },
      ]),
    );
    await http().post('/api/v1/usage/batch').send({ events: [] }).expect(422);
    const tooMany = Array.from({ length: 1001 }, () => ({ key_id: id, ...event() }));
    expect((await http().post('/api/v1/usage/batch').send({ events: tooMany }).expect(422)).body.detail).toEqual([
      { loc: ['body', 'events'], msg: expect.any(String), type: 'too_long' },
    ]);
    expect(await sut.dataSource.query('SELECT count(*)::int AS n FROM usage_events WHERE key_id = $1', [id])).toEqual([
      { n: 0 },
    ]);
  });

  it('refuses the whole batch with 404 when one key is unknown; nothing is recorded', async () => {
    const { id } = await createKey(sut.dataSource);
    const events = [
      { key_id: id, ...event() },
      { key_id: UNKNOWN_KEY, ...event() },
    ];
    expect((await http().post('/api/v1/usage/batch').send({ events }).expect(404)).body).toEqual({
      detail: 'API key not found',
    });
    expect(await sut.dataSource.query('SELECT count(*)::int AS n FROM usage_events WHERE key_id = $1', [id])).toEqual([
      { n: 0 },
    ]);
  });
});
