import request from 'supertest';
import { Clock } from '../src/common/time/clock';
import { createKey } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';
import { TEST_ADMIN_TOKEN } from './harness/test-env';

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

// [when, service, predictions, compute_ms, response_time_ms, status_code], all for one key.
type Seed = [string, string, number, number, number, number];
const SEEDS: Seed[] = [
  ['2026-11-24T10:15:00.000Z', 'platform', 1, 10, 100, 200],
  ['2026-11-24T10:45:00.000Z', 'website', 2, 20, 50, 500],
  ['2026-11-24T10:50:00.000Z', 'platform', 4, 40, 999, 0],
  ['2026-11-24T12:05:00.000Z', 'platform', 8, 80, 30, 404],
  ['2026-11-26T09:00:00.000Z', 'platform', 16, 160, 7, 201],
];

describe('GET /api/v1/usage/{key_id}/series (CONTRACT.md "series")', () => {
  let sut: TestApp;
  let clock: Clock;
  let keyId: string;
  let otherKeyId: string;
  const at = (iso: string) => jest.spyOn(clock, 'now').mockReturnValue(new Date(iso));
  const series = (id: string, query: Record<string, string>) =>
    request(sut.app.getHttpServer()).get(`/api/v1/usage/${id}/series`).query(query).set(admin);

  beforeAll(async () => {
    sut = await createTestApp();
    clock = sut.app.get(Clock);
    keyId = (await createKey(sut.dataSource)).id;
    otherKeyId = (await createKey(sut.dataSource)).id;
    for (const [when, service_id, predictions_count, compute_ms, response_time_ms, status_code] of SEEDS) {
      at(when);
      await request(sut.app.getHttpServer())
        .post(`/api/v1/usage/${keyId}`)
        .send({ service_id, endpoint: '/x', predictions_count, compute_ms, response_time_ms, status_code })
        .expect(200);
    }
    // Another key's usage in the same hours never shows in this key's series.
    await request(sut.app.getHttpServer())
      .post(`/api/v1/usage/${otherKeyId}`)
      .send({
        service_id: 'platform',
        endpoint: '/x',
        predictions_count: 64,
        compute_ms: 1,
        response_time_ms: 1,
        status_code: 200,
      })
      .expect(200);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => sut.close());

  it('answers one point per hour, oldest first, zeros for empty hours, status 0 out of errors and the average', async () => {
    const res = await series(keyId, { start_date: '2026-11-24T10:00:00Z', end_date: '2026-11-24T12:59:59Z' }).expect(
      200,
    );
    expect(res.body).toEqual({
      key_id: keyId,
      bucket: 'hour',
      start_date: '2026-11-24T10:00:00.000+00:00',
      end_date: '2026-11-24T12:59:59.000+00:00',
      points: [
        {
          start: '2026-11-24T10:00:00.000+00:00',
          requests: 3,
          predictions: 7,
          compute_ms: 70,
          errors: 1,
          avg_response_time_ms: 75,
        },
        {
          start: '2026-11-24T11:00:00.000+00:00',
          requests: 0,
          predictions: 0,
          compute_ms: 0,
          errors: 0,
          avg_response_time_ms: 0,
        },
        {
          start: '2026-11-24T12:00:00.000+00:00',
          requests: 1,
          predictions: 8,
          compute_ms: 80,
          errors: 1,
          avg_response_time_ms: 30,
        },
      ],
    });
  });

  it('sums UTC days with bucket=day, a date as end_date meaning its whole day', async () => {
    const res = await series(keyId, { start_date: '2026-11-24', end_date: '2026-11-26', bucket: 'day' }).expect(200);
    expect(res.body.points.map((p: { start: string; requests: number }) => [p.start.slice(0, 10), p.requests])).toEqual(
      [
        ['2026-11-24', 4],
        ['2026-11-25', 0],
        ['2026-11-26', 1],
      ],
    );
    expect(res.body.points[0]).toMatchObject({ predictions: 15, compute_ms: 150, errors: 2, avg_response_time_ms: 60 });
  });

  it('defaults to the last 7 days in hours, up to now', async () => {
    at('2026-11-26T09:30:00.000Z');
    const res = await series(keyId, {}).expect(200);
    expect(res.body.end_date).toBe('2026-11-26T09:30:00.000+00:00');
    expect(res.body.start_date).toBe('2026-11-19T09:30:00.000+00:00');
    expect(res.body.points).toHaveLength(169);
    expect(res.body.points.reduce((sum: number, p: { requests: number }) => sum + p.requests, 0)).toBe(5);
  });

  it.each([
    [{ bucket: 'minute' }, 'bucket'],
    [{ start_date: 'yesterday' }, 'start_date'],
    [{ start_date: '2026-11-25', end_date: '2026-11-24' }, 'end_date'],
    // 2,001 hours; the same range in days is fine.
    [{ start_date: '2026-01-01T00:00:00Z', end_date: '2026-03-25T08:00:00Z' }, 'bucket'],
  ])('%j is a 422 naming %s', async (query, field) => {
    const res = await series(keyId, query).expect(422);
    expect(res.body.detail.map((d: { loc: string[] }) => d.loc)).toContainEqual(['query', field]);
  });

  it('takes 2,000 points, and the long range in days', async () => {
    await series(keyId, { start_date: '2026-01-01T00:00:00Z', end_date: '2026-03-25T07:59:59Z' }).expect(200);
    await series(keyId, { start_date: '2026-01-01T00:00:00Z', end_date: '2026-03-25T08:00:00Z', bucket: 'day' }).expect(
      200,
    );
  });

  it('is a 404 for an unknown key and a 422 for a key_id that is not a UUID, and asks for the admin token', async () => {
    await series('00000000-0000-4000-8000-000000000000', {}).expect(404, { detail: 'API key not found' });
    await series('not-a-uuid', {}).expect(422);
    await request(sut.app.getHttpServer()).get(`/api/v1/usage/${keyId}/series`).expect(401);
  });
});
