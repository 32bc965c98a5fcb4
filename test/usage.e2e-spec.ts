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

describe('usage recording and stats (CONTRACT.md "Usage and billing")', () => {
  let sut: TestApp;
  let clock: Clock;
  const at = (iso: string) => jest.spyOn(clock, 'now').mockReturnValue(new Date(iso));
  const http = () => request(sut.app.getHttpServer());
  const record = (keyId: string, body: object) => http().post(`/api/v1/usage/${keyId}`).send(body);
  const stats = (keyId: string, period?: string) =>
    http()
      .get(`/api/v1/usage/${keyId}/stats`)
      .query(period ? { period } : {})
      .set(admin);

  beforeAll(async () => {
    sut = await createTestApp();
    clock = sut.app.get(Clock);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => sut.close());

  it('records one event once it is stored, and stats count it', async () => {
    const { id } = await createKey(sut.dataSource);
    at('2026-03-10T12:00:00.000Z');
    const res = await record(id, event({ predictions_count: 3, compute_ms: 40, model_id: 'm1' })).expect(200);
    expect(res.body).toEqual({ message: 'Usage recorded successfully' });
    expect((await stats(id, '2026-03').expect(200)).body).toEqual({
      key_id: id,
      period: '2026-03',
      total_requests: 1,
      total_predictions: 3,
      total_compute_ms: 40,
      average_response_time_ms: 10,
      error_rate: 0,
      top_endpoints: [{ endpoint: '/api/v1/models/predict', count: 1 }],
    });
    const rows = await sut.dataSource.query('SELECT model_id, occurred_at FROM usage_events WHERE key_id = $1', [id]);
    expect(rows).toEqual([{ model_id: 'm1', occurred_at: new Date('2026-03-10T12:00:00.000Z') }]);
  });

  it('gets totals, averages, error rate and top endpoints exactly right on known data', async () => {
    const { id } = await createKey(sut.dataSource);
    at('2026-04-15T08:30:00.000Z');
    // 12 endpoints; /e01 has 5 calls, /e02 and /e03 tie at 3, the rest 1 each; only 10 may be listed.
    const events = [
      ...[200, 201, 404, 500, 0].map((status_code, i) =>
        event({ endpoint: '/e01', status_code, response_time_ms: 10 * (i + 1), predictions_count: i, compute_ms: 7 }),
      ),
      ...[0, 0, 200].map((status_code) => event({ endpoint: '/e03', status_code, response_time_ms: 1000 })),
      ...[503, 200, 200].map((status_code) => event({ endpoint: '/e02', status_code, response_time_ms: 3 })),
      ...['/e12', '/e11', '/e10', '/e09', '/e08', '/e07', '/e06', '/e05', '/e04'].map((endpoint) =>
        event({ endpoint, response_time_ms: 1 }),
      ),
    ];
    for (const body of events) await record(id, body).expect(200);
    // Known statuses: 5 (e01, one is 0) - 1 + 1 (e03) + 3 (e02) + 9 = 17; errors: 404, 500, 503 = 3.
    // Response times over known statuses: 10+20+30+40 + 1000 + 3*3 + 9*1 = 1118 -> 1118 / 17 = 65.7647... -> 65.76.
    expect((await stats(id, '2026-04').expect(200)).body).toEqual({
      key_id: id,
      period: '2026-04',
      total_requests: 20,
      total_predictions: 0 + 1 + 2 + 3 + 4,
      total_compute_ms: 35,
      average_response_time_ms: 65.76,
      error_rate: 3 / 17,
      top_endpoints: [
        { endpoint: '/e01', count: 5 },
        { endpoint: '/e02', count: 3 },
        { endpoint: '/e03', count: 3 },
        ...['/e04', '/e05', '/e06', '/e07', '/e08', '/e09', '/e10'].map((endpoint) => ({ endpoint, count: 1 })),
      ],
    });
  });

  it('places an event at 23:59:59.999 UTC on the last day in that month, and 00:00:00.000 in the next', async () => {
    const { id } = await createKey(sut.dataSource);
    at('2026-04-30T23:59:59.999Z');
    await record(id, event({ endpoint: '/last', predictions_count: 1 })).expect(200);
    at('2026-05-01T00:00:00.000Z');
    await record(id, event({ endpoint: '/first', predictions_count: 2 })).expect(200);
    at('2026-03-31T23:59:59.999Z');
    await record(id, event({ endpoint: '/march', predictions_count: 4 })).expect(200);
    const april = (await stats(id, '2026-04').expect(200)).body;
    expect([april.total_requests, april.total_predictions, april.top_endpoints]).toEqual([
      1,
      1,
      [{ endpoint: '/last', count: 1 }],
    ]);
    const may = (await stats(id, '2026-05').expect(200)).body;
    expect([may.total_requests, may.total_predictions, may.top_endpoints]).toEqual([
      1,
      2,
      [{ endpoint: '/first', count: 1 }],
    ]);
  });

  it('reports the current UTC month by default, and zeros and [] for a month without events', async () => {
    const { id } = await createKey(sut.dataSource);
    at('2026-06-30T23:30:00.000Z');
    await record(id, event()).expect(200);
    expect((await stats(id).expect(200)).body.period).toBe('2026-06');
    expect((await stats(id).expect(200)).body.total_requests).toBe(1);
    expect((await stats(id, '2026-07').expect(200)).body).toEqual({
      key_id: id,
      period: '2026-07',
      total_requests: 0,
      total_predictions: 0,
      total_compute_ms: 0,
      average_response_time_ms: 0,
      error_rate: 0,
      top_endpoints: [],
    });
  });

  it('averages and error rate are 0 when every status is still unknown (0)', async () => {
    const { id } = await createKey(sut.dataSource);
    at('2026-02-01T00:00:00.000Z');
    await record(id, event({ status_code: 0, response_time_ms: 99 })).expect(200);
    const body = (await stats(id, '2026-02').expect(200)).body;
    expect([body.total_requests, body.average_response_time_ms, body.error_rate]).toEqual([1, 0, 0]);
  });

  it('treats null optional fields as absent and ignores unknown fields', async () => {
    const { id } = await createKey(sut.dataSource);
    const body = event({
      predictions_count: null,
      compute_ms: null,
      model_id: null,
      idempotency_key: null,
      extra: 'x',
      user_agent: {},
    });
    await record(id, body).expect(200);
    const rows = await sut.dataSource.query(
      'SELECT predictions_count, compute_ms, model_id, idempotency_key FROM usage_events WHERE key_id = $1',
      [id],
    );
    expect(rows).toEqual([{ predictions_count: 0, compute_ms: 0, model_id: null, idempotency_key: null }]);
  });

  it('stores text exactly, whatever characters it holds', async () => {
    const { id } = await createKey(sut.dataSource);
    const endpoint = '/a"b,c\\d{e}NULL ü☃';
    await record(id, event({ endpoint, model_id: "it's", idempotency_key: '{"k": [1]}' })).expect(200);
    const rows = await sut.dataSource.query(
      'SELECT endpoint, model_id, idempotency_key FROM usage_events WHERE key_id = $1',
      [id],
    );
    expect(rows).toEqual([{ endpoint, model_id: "it's", idempotency_key: '{"k": [1]}' }]);
  });

  it('acknowledges a repeated idempotency key without counting it twice', async () => {
    const { id } = await createKey(sut.dataSource);
    at('2026-08-05T10:00:00.000Z');
    for (let i = 0; i < 3; i++) await record(id, event({ idempotency_key: 'once', predictions_count: 5 })).expect(200);
    // The same idempotency key on another key is another event.
    const other = await createKey(sut.dataSource);
    await record(other.id, event({ idempotency_key: 'once' })).expect(200);
    // An empty key means none: both are counted.
    await record(id, event({ idempotency_key: '' })).expect(200);
    await record(id, event({ idempotency_key: '' })).expect(200);
    const body = (await stats(id, '2026-08').expect(200)).body;
    expect([body.total_requests, body.total_predictions]).toEqual([3, 5]);
  });

  describe('bad input', () => {
    it.each([
      [
        'service_id missing',
        { endpoint: '/x', status_code: 200, response_time_ms: 1 },
        ['body', 'service_id'],
        'missing',
      ],
      ['service_id empty', event({ service_id: '' }), ['body', 'service_id'], 'value_error'],
      ['service_id of 65 characters', event({ service_id: 's'.repeat(65) }), ['body', 'service_id'], 'value_error'],
      ['endpoint of 513 characters', event({ endpoint: 'e'.repeat(513) }), ['body', 'endpoint'], 'value_error'],
      ['status_code 99', event({ status_code: 99 }), ['body', 'status_code'], 'value_error'],
      ['status_code 600', event({ status_code: 600 }), ['body', 'status_code'], 'value_error'],
      ['status_code 200.5', event({ status_code: 200.5 }), ['body', 'status_code'], 'int_type'],
      ['status_code as a string', event({ status_code: '200' }), ['body', 'status_code'], 'int_type'],
      [
        'negative response_time_ms',
        event({ response_time_ms: -1 }),
        ['body', 'response_time_ms'],
        'greater_than_equal',
      ],
      [
        'negative predictions_count',
        event({ predictions_count: -1 }),
        ['body', 'predictions_count'],
        'greater_than_equal',
      ],
      ['compute_ms beyond 32 bits', event({ compute_ms: 2 ** 31 }), ['body', 'compute_ms'], 'less_than_equal'],
      ['model_id of 256 characters', event({ model_id: 'm'.repeat(256) }), ['body', 'model_id'], 'value_error'],
      [
        'idempotency_key of 256 characters',
        event({ idempotency_key: 'k'.repeat(256) }),
        ['body', 'idempotency_key'],
        'value_error',
      ],
      ['a NUL character', event({ endpoint: '/nul\u0000' }), ['body', 'endpoint'], 'string_pattern_mismatch'],
    ])('%s is a 422 and records nothing', async (_label, body, loc, type) => {
      const { id } = await createKey(sut.dataSource);
      const res = await record(id, body).expect(422);
      expect(res.body).toEqual({ detail: [{ loc, msg: expect.any(String), type }] });
      expect(await sut.dataSource.query('SELECT count(*)::int AS n FROM usage_events WHERE key_id = $1', [id])).toEqual(
        [{ n: 0 }],
      );
    });

    it('a key id that is not a UUID is a 422 at the path; an unknown one a 404', async () => {
      expect((await record('not-a-uuid', event()).expect(422)).body.detail[0].loc).toEqual(['path', 'key_id']);
      expect((await record(UNKNOWN_KEY, event()).expect(404)).body).toEqual({ detail: 'API key not found' });
      expect((await stats(UNKNOWN_KEY).expect(404)).body).toEqual({ detail: 'API key not found' });
      expect(
        await sut.dataSource.query('SELECT count(*)::int AS n FROM usage_events WHERE key_id = $1', [UNKNOWN_KEY]),
      ).toEqual([{ n: 0 }]);
    });

    it.each(['2026-13', '2026-1', 'november', '2026-11-01'])(
      'stats period %j is a 422 at ["query","period"]',
      async (period) => {
        const { id } = await createKey(sut.dataSource);
        const res = await stats(id, period).expect(422);
        expect(res.body).toEqual({
          detail: [{ loc: ['query', 'period'], msg: expect.any(String), type: 'string_pattern_mismatch' }],
        });
      },
    );
  });
});
