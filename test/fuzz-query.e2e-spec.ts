import fc from 'fast-check';
import { createKey } from './harness/factories';
import { anyText, applyPatches, set } from './harness/fuzz-arbitraries';
import {
  anyTimestampText,
  badFlag,
  badIntText,
  badTimestampText,
  garbageQuery,
  notUuid,
  notUuidText,
  queryString,
} from './harness/fuzz-wire';
import { cases, FuzzRunner } from './harness/fuzz-checks';
import { createTestApp, TestApp } from './harness/test-app';

const SERVICES = ['website', 'prediction', 'platform'];
const ACTIONS = ['key.create', 'key.revoke', 'key.rotate', 'admin.auth_failed', 'key.leaked'];
const iso = (ms: number) => new Date(ms).toISOString();

/** A valid query of the given fields, broken by 1 to 3 patches. */
const brokenQuery = (valid: fc.Arbitrary<Record<string, unknown>>, breakers: fc.Arbitrary<Record<string, unknown>>[]) =>
  fc
    .tuple(valid, fc.array(fc.oneof(...breakers), { minLength: 1, maxLength: 3 }))
    .map(([q, p]) => queryString(applyPatches(q, p)));

const expectQuery422 = (res: { status: number; body: { detail: { loc: string[] }[] } }) => {
  expect(res.status).toBe(422);
  for (const v of res.body.detail) expect(v.loc[0]).toBe('query');
};

describe('fuzzing query strings and path ids of the read routes (CONTRACT.md "Keys", "Usage and billing", "Errors")', () => {
  let sut: TestApp;
  let runner: FuzzRunner;
  let key: string;

  beforeAll(async () => {
    sut = await createTestApp();
    key = (await createKey(sut.dataSource, { name: 'fuzz query' })).id;
    await createKey(sut.dataSource, {
      name: 'fuzz query 2',
      serviceId: 'website',
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    await sut.dataSource.query(
      `INSERT INTO audit_events (actor, action, key_id, details) VALUES ('admin', 'key.create', $1, '{}'), ('admin', 'key.revoke', $1, '{}')`,
      [key],
    );
    runner = new FuzzRunner(sut);
    await runner.start();
  });
  afterEach(() => runner.expectHealthy());
  afterAll(async () => {
    console.log(`fuzz-query: ${runner.runs} cases`);
    runner.stop();
    await sut.close();
  });

  describe('GET /api/v1/keys', () => {
    const valid = fc.record(
      {
        service_id: fc.constantFrom(...SERVICES),
        active_only: fc.constantFrom('true', 'False', 'yes', 'NO', 'on', 'off', 't', 'F', 'y', 'n', '1', '0'),
        expiring_within_days: fc.integer({ min: 1, max: 365 }).map(String),
        limit: fc.integer({ min: 1, max: 1000 }).map(String),
      },
      { requiredKeys: [] },
    );
    const breakers = [
      set('active_only', badFlag),
      set('expiring_within_days', badIntText(1, 365)),
      set('limit', badIntText(1, 1000)),
    ];

    it(`a value the contract refuses (active_only, expiring_within_days, limit) is a 422 at ["query", …] ${cases(100)}`, () =>
      runner.check(
        100,
        brokenQuery(valid, breakers),
        (q) => ({ method: 'get', path: `/api/v1/keys?${q}` }),
        'invalid',
        expectQuery422,
      ));

    it(`any query string (junk, repeats, brackets, prototype keys, forged cursors) is answered below 500 and reads only ${cases(150)}`, () =>
      runner.check(
        150,
        garbageQuery(['service_id', 'active_only', 'expiring_within_days', 'user_id', 'limit', 'cursor']),
        (q) => ({ method: 'get', path: `/api/v1/keys?${q}` }),
        'read',
        (res) => {
          if (res.status === 200) expect(Array.isArray(res.body)).toBe(true);
        },
      ));
  });

  describe('GET /api/v1/audit', () => {
    const valid = fc.record(
      {
        key_id: fc.uuid(),
        action: fc.constantFrom(...ACTIONS),
        since: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) }).map(iso),
        limit: fc.integer({ min: 1, max: 500 }).map(String),
      },
      { requiredKeys: [] },
    );
    const breakers = [
      set('key_id', notUuidText),
      set(
        'action',
        fc
          .oneof(anyText(20), fc.constantFrom('KEY.CREATE', 'key.create ', 'key.*', 'key'))
          .filter((a) => !ACTIONS.includes(a)),
      ),
      set('since', fc.oneof(badTimestampText, fc.constantFrom('2026-02-30', '2026-13-01', '2026-01-01T25:00'))),
      set('limit', badIntText(1, 500)),
    ];

    it(`a value the contract refuses is a 422 at ["query", …] ${cases(100)}`, () =>
      runner.check(
        100,
        brokenQuery(valid, breakers),
        (q) => ({ method: 'get', path: `/api/v1/audit?${q}` }),
        'invalid',
        expectQuery422,
      ));

    it(`any query string is answered below 500 and reads only ${cases(100)}`, () =>
      runner.check(
        100,
        garbageQuery(['key_id', 'action', 'since', 'limit', 'cursor']),
        (q) => ({ method: 'get', path: `/api/v1/audit?${q}` }),
        'read',
        (res) => {
          if (res.status === 200) expect(Array.isArray(res.body.items)).toBe(true);
        },
      ));
  });

  describe('GET /api/v1/usage/{key_id}/stats and /billing', () => {
    const notPeriod = fc.oneof(
      anyText(12).filter((p) => !/^\d{4}-(0[1-9]|1[0-2])$/.test(p)),
      fc
        .tuple(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(0, 13, 99))
        .map(([y, m]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`),
      fc.constantFrom(
        '2026-1',
        '2026-001',
        '2026/11',
        '2026-11-01',
        '202611',
        ' 2026-11',
        '2026-11 ',
        'november',
        '2026-11\u0000',
        '２０２６-１１',
      ),
    );

    it(`a period that is not YYYY-MM is a 422 at ["query", "period"] ${cases(80)}`, () =>
      runner.check(
        80,
        notPeriod,
        (period) => ({ method: 'get', path: `/api/v1/usage/${key}/stats?${queryString({ period })}` }),
        'invalid',
        (res) =>
          expect([res.status, res.body.detail.map((v: { loc: string[] }) => v.loc)]).toEqual([
            422,
            [['query', 'period']],
          ]),
      ));

    it(`any YYYY-MM, repeated or bracketed period is answered below 500 and reads only ${cases(30)}`, () =>
      runner.check(
        30,
        fc.oneof(
          fc
            .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }))
            .map(([y, m]) => `period=${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`),
          garbageQuery(['period']),
        ),
        (q) => ({ method: 'get', path: `/api/v1/usage/${key}/stats?${q}` }),
        'read',
      ));

    it(`a key_id that is not a UUID is a 4xx on stats and billing; an unknown one a 404 ${cases(100)}`, () =>
      runner.check(
        100,
        fc.tuple(fc.oneof(notUuid, fc.uuid()), fc.constantFrom('stats', 'billing')),
        ([id, route]) => ({ method: 'get', path: `/api/v1/usage/${id}/${route}` }),
        'invalid',
      ));

    it(`billing ignores any query string ${cases(40)}`, () =>
      runner.check(
        40,
        garbageQuery(['period', 'month']),
        (q) => ({ method: 'get', path: `/api/v1/usage/${key}/billing?${q}` }),
        'read',
        (res) => expect([res.status, res.body.key_id]).toEqual([200, key]),
      ));
  });

  describe('GET /api/v1/usage/aggregate', () => {
    const valid = fc.record(
      {
        service_id: fc.constantFrom(...SERVICES),
        end_date: fc.constantFrom('2026-11-24', '2026-11-24T23:59:59Z', '2026-11-24T10:00:00+05:30'),
      },
      { requiredKeys: [] },
    );
    const breakers = [set('start_date', badTimestampText), set('end_date', badTimestampText)];

    it(`a start_date or end_date that is no timestamp or date is a 422 at ["query", …] ${cases(100)}`, () =>
      runner.check(
        100,
        brokenQuery(valid, breakers),
        (q) => ({ method: 'get', path: `/api/v1/usage/aggregate?${q}` }),
        'invalid',
        expectQuery422,
      ));

    it(`any dates (years 0 to 275760, reversed, far apart, odd offsets) and junk are answered below 500 and read only ${cases(120)}`, () =>
      runner.check(
        120,
        fc.oneof(
          fc
            .record(
              {
                start_date: anyTimestampText,
                end_date: anyTimestampText,
                service_id: fc.oneof(anyText(70), fc.constantFrom(...SERVICES)),
              },
              { requiredKeys: [] },
            )
            .map(queryString),
          garbageQuery(['start_date', 'end_date', 'service_id']),
        ),
        (q) => ({ method: 'get', path: `/api/v1/usage/aggregate?${q}` }),
        'read',
        (res) => {
          if (res.status === 200)
            expect(res.body).toEqual({
              start_date: expect.any(String),
              end_date: expect.any(String),
              usage_by_date: expect.any(Object),
            });
        },
      ));
  });

  describe('GET /api/v1/usage/{key_id}/series', () => {
    const bucket = fc.oneof(fc.constantFrom('hour', 'day'), anyText(12));
    it(`any dates, buckets and junk are answered below 500 and read only; a 200 has one point per bucket ${cases(120)}`, () =>
      runner.check(
        120,
        fc.oneof(
          fc
            .record({ start_date: anyTimestampText, end_date: anyTimestampText, bucket }, { requiredKeys: [] })
            .map(queryString),
          garbageQuery(['start_date', 'end_date', 'bucket']),
        ),
        (q) => ({ method: 'get', path: `/api/v1/usage/${key}/series?${q}` }),
        'read',
        (res) => {
          if (res.status !== 200) return expectQuery422(res);
          expect(res.body.points.length).toBeGreaterThan(0);
          expect(res.body.points.length).toBeLessThanOrEqual(2000);
        },
      ));
  });

  describe('regressions', () => {
    // Base64url of ["-004713-11-23T23:59:59.999Z", uuid]: a JS Date, but before PostgreSQL's timestamptz range (was a 500).
    const forged = Buffer.from(
      JSON.stringify(['-004713-11-23T23:59:59.999Z', '00000000-0000-1000-8000-000000000000']),
    ).toString('base64url');

    it.each(['/api/v1/keys', '/api/v1/audit'])(
      '%s: a forged cursor holding a date out of the database range is a 422',
      async (path) => {
        const res = await runner.case({ method: 'get', path: `${path}?cursor=${forged}` }, 'invalid');
        expect(res.body).toEqual({
          detail: [{ loc: ['query', 'cursor'], msg: 'Invalid cursor', type: 'value_error' }],
        });
      },
    );
  });
});
