import request from 'supertest';
import { Clock } from '../src/common/time/clock';
import { createKey } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';
import { TEST_ADMIN_TOKEN } from './harness/test-env';

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

// [when, key, service, predictions, compute_ms, response_time_ms, status_code]
type Seed = [string, 'a' | 'b', string, number, number, number, number];
const SEEDS: Seed[] = [
  ['2026-11-23T23:59:59.999Z', 'a', 'platform', 1, 10, 100, 200],
  ['2026-11-24T00:00:00.000Z', 'a', 'platform', 2, 20, 50, 500],
  ['2026-11-24T10:15:00.000Z', 'b', 'platform', 4, 40, 999, 0],
  ['2026-11-24T10:45:00.000Z', 'a', 'website', 8, 80, 30, 200],
  ['2026-11-24T11:30:00.000Z', 'b', 'website', 16, 160, 31, 404],
  ['2026-11-25T00:00:00.000Z', 'a', 'website', 32, 320, 7, 201],
];

describe('GET /api/v1/usage/aggregate (CONTRACT.md "aggregate")', () => {
  let sut: TestApp;
  let clock: Clock;
  const at = (iso: string) => jest.spyOn(clock, 'now').mockReturnValue(new Date(iso));
  const aggregate = (query: Record<string, string>) =>
    request(sut.app.getHttpServer()).get('/api/v1/usage/aggregate').query(query).set(admin);

  beforeAll(async () => {
    sut = await createTestApp();
    clock = sut.app.get(Clock);
    const keys = { a: (await createKey(sut.dataSource)).id, b: (await createKey(sut.dataSource)).id };
    for (const [when, key, service_id, predictions_count, compute_ms, response_time_ms, status_code] of SEEDS) {
      at(when);
      await request(sut.app.getHttpServer())
        .post(`/api/v1/usage/${keys[key]}`)
        .send({ service_id, endpoint: '/x', predictions_count, compute_ms, response_time_ms, status_code })
        .expect(200);
    }
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => sut.close());

  it('groups every key by UTC date and service; a date as end_date includes its whole day', async () => {
    const res = await aggregate({ start_date: '2026-11-23', end_date: '2026-11-24' }).expect(200);
    expect(res.body).toEqual({
      start_date: '2026-11-23T00:00:00.000+00:00',
      end_date: '2026-11-24T23:59:59.999+00:00',
      usage_by_date: {
        '2026-11-23': { platform: { requests: 1, predictions: 1, compute_ms: 10, avg_response_time_ms: 100 } },
        '2026-11-24': {
          // The status-0 event counts everywhere but in the average.
          platform: { requests: 2, predictions: 6, compute_ms: 60, avg_response_time_ms: 50 },
          website: { requests: 2, predictions: 24, compute_ms: 240, avg_response_time_ms: 30.5 },
        },
      },
    });
    expect(Object.keys(res.body.usage_by_date)).toEqual(['2026-11-23', '2026-11-24']);
  });

  it('filters by service_id', async () => {
    const res = await aggregate({ start_date: '2026-11-23', end_date: '2026-11-25', service_id: 'website' }).expect(
      200,
    );
    expect(res.body.usage_by_date).toEqual({
      '2026-11-24': { website: { requests: 2, predictions: 24, compute_ms: 240, avg_response_time_ms: 30.5 } },
      '2026-11-25': { website: { requests: 1, predictions: 32, compute_ms: 320, avg_response_time_ms: 7 } },
    });
  });

  it('is exact between instants inside hours, both ends inclusive, whatever the offset', async () => {
    const res = await aggregate({ start_date: '2026-11-24T11:30:00+01:00', end_date: '2026-11-24T11:30:00Z' }).expect(
      200,
    );
    expect(res.body).toEqual({
      start_date: '2026-11-24T10:30:00.000+00:00',
      end_date: '2026-11-24T11:30:00.000+00:00',
      usage_by_date: {
        '2026-11-24': { website: { requests: 2, predictions: 24, compute_ms: 240, avg_response_time_ms: 30.5 } },
      },
    });
    const withinOneHour = await aggregate({
      start_date: '2026-11-24T10:14:59.999Z',
      end_date: '2026-11-24T10:15:00.000Z',
    }).expect(200);
    expect(withinOneHour.body.usage_by_date).toEqual({
      '2026-11-24': { platform: { requests: 1, predictions: 4, compute_ms: 40, avg_response_time_ms: 0 } },
    });
    const lastMillisecond = await aggregate({
      start_date: '2026-11-23T23:00:00Z',
      end_date: '2026-11-23T23:59:59.998Z',
    }).expect(200);
    expect(lastMillisecond.body.usage_by_date).toEqual({});
  });

  it('defaults to the last 30 days up to now', async () => {
    at('2026-11-25T00:00:00.000Z');
    const res = await aggregate({}).expect(200);
    expect([res.body.start_date, res.body.end_date]).toEqual([
      '2026-10-26T00:00:00.000+00:00',
      '2026-11-25T00:00:00.000+00:00',
    ]);
    expect(Object.keys(res.body.usage_by_date)).toEqual(['2026-11-23', '2026-11-24', '2026-11-25']);
    at('2026-12-30T00:00:00.000Z');
    expect((await aggregate({}).expect(200)).body.usage_by_date).toEqual({});
  });

  it("any range (issue 16 item 8): the docs' own example, from 2025-01-01T00:00:00Z to now, holds every day with usage", async () => {
    at('2026-12-30T00:00:00.000Z');
    const res = await aggregate({ start_date: '2025-01-01T00:00:00Z' }).expect(200);
    expect([res.body.start_date, res.body.end_date]).toEqual([
      '2025-01-01T00:00:00.000+00:00',
      '2026-12-30T00:00:00.000+00:00',
    ]);
    expect(Object.keys(res.body.usage_by_date)).toEqual(['2026-11-23', '2026-11-24', '2026-11-25']);
    const decades = await aggregate({ start_date: '1970-01-01', end_date: '2999-12-31' }).expect(200);
    expect(decades.body.usage_by_date).toEqual(res.body.usage_by_date);
  });

  it.each([
    [{ start_date: '2026-11-25', end_date: '2026-11-24' }, 'end_date'],
    [{ start_date: 'yesterday' }, 'start_date'],
    [{ end_date: '2026-02-30' }, 'end_date'],
    [{ service_id: '' }, 'service_id'],
  ])('%j is a 422 at ["query", %j]', async (query, field) => {
    const res = await aggregate(query as Record<string, string>).expect(422);
    expect(res.body).toEqual({
      detail: [{ loc: ['query', field], msg: expect.any(String), type: expect.any(String) }],
    });
  });
});
