import fc from 'fast-check';
import { createKey } from './harness/factories';
import {
  anyText,
  applyPatches,
  badArray,
  badEnum,
  badInt,
  badIp,
  badText,
  breakRequired,
  broken,
  noise,
  notString,
  set,
  text,
  toJsonText,
} from './harness/fuzz-arbitraries';
import { notJsonObject, notUuid, wrongContentType } from './harness/fuzz-wire';
import { cases, FuzzRunner } from './harness/fuzz-checks';
import { createTestApp, TestApp } from './harness/test-app';

const SERVICES = ['website', 'prediction', 'platform'];
const ENVIRONMENTS = ['production', 'test', 'development'];
const CREATE_FIELDS = [
  'name',
  'service_id',
  'scopes',
  'environment',
  'expires_in_days',
  'expires_at',
  'rate_limit_per_hour',
  'burst_limit_per_second',
  'monthly_prediction_limit',
  'allowed_ips',
  'billing_plan',
  'user_id',
];
const DAY_MS = 86_400_000;
const KEYS = '/api/v1/keys';

const validCreate = fc.record(
  {
    name: text(1, 100),
    service_id: fc.constantFrom(...SERVICES),
    scopes: fc.array(text(1, 100), { maxLength: 4 }),
    environment: fc.constantFrom(...ENVIRONMENTS),
    expires_in_days: fc.integer({ min: 1, max: 365 }),
    rate_limit_per_hour: fc.integer({ min: 10, max: 100_000 }),
    monthly_prediction_limit: fc.option(fc.integer({ min: 0, max: 2 ** 31 - 1 })),
    allowed_ips: fc.array(fc.oneof(fc.ipV4(), fc.constantFrom('10.0.0.0/8', '2001:db8::/32', '::1')), { maxLength: 3 }),
    billing_plan: text(1, 50),
    user_id: text(1, 255),
  },
  { requiredKeys: ['name', 'service_id'] },
);

const iso = (ms: number) => new Date(ms).toISOString();
const futureWithinYear = fc.integer({ min: 1, max: 360 }).map((d) => iso(Date.now() + d * DAY_MS));
const badExpiresAt = fc.oneof(
  fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.now() - 60_000 }).map(iso),
  fc.integer({ min: Date.now() + 367 * DAY_MS, max: Date.UTC(9999, 11, 31) }).map(iso),
  fc.tuple(futureWithinYear, fc.constantFrom(0, 366, 400, 999)).map(([t, n]) => `${t}+${n}d`),
  fc
    .tuple(anyText(20), fc.integer({ min: 1, max: 365 }))
    .filter(([t]) => !/^\s*\d/.test(t))
    .map(([t, n]) => `${t}+${n}d`),
  anyText().filter((t) => !/^\s*\d/.test(t)),
  fc.constantFrom(
    '2027-02-30T00:00:00Z',
    '2027-13-01',
    '2027-01-01T24:00:00Z',
    '2027-01-01T10:60:00Z',
    '2027-1-1',
    'tomorrow',
    '+30d',
  ),
  notString,
);

const createBreakers = [
  breakRequired('name', badText(1, 100)),
  breakRequired('service_id', badEnum(SERVICES)),
  set('scopes', badArray(50, text(1, 100), badText(1, 100))),
  set('environment', badEnum(ENVIRONMENTS)),
  set('expires_in_days', badInt(1, 365)),
  set('expires_at', badExpiresAt),
  fc
    .tuple(fc.integer({ min: 1, max: 365 }), futureWithinYear)
    .map(([d, at]) => ({ expires_in_days: d, expires_at: at })),
  set('rate_limit_per_hour', badInt(10, 100_000)),
  set('burst_limit_per_second', badInt(1, 100_000)),
  set('monthly_prediction_limit', badInt(0)),
  set('allowed_ips', badArray(100, fc.ipV4(), badIp)),
  set('billing_plan', badText(1, 50)),
  set('user_id', badText(1, 255)),
];

describe('fuzzing the keys API (CONTRACT.md "Keys", "Conventions", "Errors")', () => {
  let sut: TestApp;
  let runner: FuzzRunner;
  let active: string;
  let revoked: string;

  beforeAll(async () => {
    sut = await createTestApp();
    active = (await createKey(sut.dataSource, { name: 'fuzz active' })).id;
    revoked = (await createKey(sut.dataSource, { name: 'fuzz revoked', isActive: false, revokedAt: new Date() })).id;
    runner = new FuzzRunner(sut);
    await runner.start();
  });
  afterEach(() => runner.expectHealthy());
  afterAll(async () => {
    console.log(`fuzz-keys: ${runner.runs} cases`);
    runner.stop();
    await sut.close();
  });

  describe('POST /api/v1/keys', () => {
    it(`a valid body with unicode and ignored extra fields (prototype keys too) is a 201 ${cases(15)}`, () =>
      runner.check(
        15,
        fc.tuple(validCreate, noise(CREATE_FIELDS)).map(([b, extra]) => applyPatches(b, extra)),
        (body) => ({ method: 'post', path: KEYS, body }),
        'mixed',
        (res) => expect([res.status, res.body.key_info?.key_id]).toEqual([201, res.body.key_id]),
      ));

    it(`a body that breaks the schema is a 422 at ["body", …] and stores nothing ${cases(300)}`, () =>
      runner.check(
        300,
        broken(validCreate, createBreakers, CREATE_FIELDS),
        (body) => ({ method: 'post', path: KEYS, body }),
        'invalid',
        (res) => {
          expect(res.status).toBe(422);
          for (const v of res.body.detail) expect(v.loc[0]).toBe('body');
        },
      ));

    it(`malformed JSON or a JSON value that is not an object is a 422 at ["body"] ${cases(80)}`, () =>
      runner.check(
        80,
        notJsonObject(validCreate),
        (raw) => ({ method: 'post', path: KEYS, raw }),
        'invalid',
        (res) => {
          expect(res.status).toBe(422);
          expect(res.body.detail[0].loc[0]).toBe('body');
        },
      ));

    it(`a body under another content type is refused ${cases(20)}`, () =>
      runner.check(
        20,
        wrongContentType(validCreate),
        ({ contentType, wire }) => ({ method: 'post', path: KEYS, raw: wire, contentType }),
        'invalid',
      ));

    it(`a body over 64 KiB is a 413 {"detail": "Request body too large"} ${cases(8)}`, () =>
      runner.check(
        8,
        fc
          .tuple(validCreate, fc.integer({ min: 64 * 1024 + 1, max: 300_000 }), fc.boolean())
          .map(([b, n, garbage]) =>
            garbage ? `{"name": "${'\u00e9'.repeat(n / 2)}` : toJsonText({ ...b, padding: 'x'.repeat(n) }),
          ),
        (raw) => ({ method: 'post', path: KEYS, raw }),
        'invalid',
        (res) => expect([res.status, res.body]).toEqual([413, { detail: 'Request body too large' }]),
      ));

    it(`any object of contract fields with any values never fails the server ${cases(40)}`, () =>
      runner.check(
        40,
        fc.record(Object.fromEntries(CREATE_FIELDS.map((f) => [f, fc.jsonValue({ maxDepth: 2 })])), {
          requiredKeys: [],
        }),
        (body) => ({ method: 'post', path: KEYS, body }),
        'mixed',
      ));
  });

  describe('GET, DELETE and rotate /api/v1/keys/{key_id}', () => {
    it(`a key_id that is not a UUID is a 4xx for every method, and changes nothing ${cases(120)}`, () =>
      runner.check(
        120,
        fc.tuple(notUuid, fc.constantFrom('get', 'delete', 'rotate')),
        ([id, m]) =>
          m === 'rotate'
            ? { method: 'post', path: `${KEYS}/${id}/rotate`, body: {} }
            : { method: m, path: `${KEYS}/${id}` },
        'invalid',
      ));

    it(`an unknown UUID is a 404 "API key not found" and changes nothing ${cases(30)}`, () =>
      runner.check(
        30,
        fc.tuple(fc.uuid(), fc.constantFrom('get', 'delete', 'rotate')),
        ([id, m]) =>
          m === 'rotate'
            ? { method: 'post', path: `${KEYS}/${id}/rotate`, body: {} }
            : { method: m, path: `${KEYS}/${id}` },
        'invalid',
        (res) => expect([res.status, res.body]).toEqual([404, { detail: 'API key not found' }]),
      ));

    const rotateBreakers = [set('grace_period_hours', badInt(0, 168))];
    const validRotate = fc.record({ grace_period_hours: fc.integer({ min: 0, max: 168 }) }, { requiredKeys: [] });

    it(`rotating with a bad body is a 422 and the key stays as it was ${cases(100)}`, () =>
      runner.check(
        100,
        broken(validRotate, rotateBreakers, ['grace_period_hours']),
        (body) => ({ method: 'post', path: `${KEYS}/${active}/rotate`, body }),
        'invalid',
        (res) => expect(res.status).toBe(422),
      ));

    it(`rotating with malformed JSON, a non-object, another content type or an oversized body is refused ${cases(60)}`, () =>
      runner.check(
        60,
        fc.oneof(
          notJsonObject(validRotate).map((raw) => ({ raw, contentType: 'application/json' })),
          fc.integer({ min: 64 * 1024 + 1, max: 100_000 }).map((n) => ({
            raw: `{"grace_period_hours": 1, "pad": "${'x'.repeat(n)}"}`,
            contentType: 'application/json',
          })),
          fc
            .constantFrom('application/json; charset=latin1', 'application/json; charset=koi8-r')
            .map((contentType) => ({ raw: '{}', contentType })),
        ),
        ({ raw, contentType }) => ({ method: 'post', path: `${KEYS}/${active}/rotate`, raw, contentType }),
        'invalid',
      ));

    it(`rotating a revoked key with any valid body is a 409 and changes nothing ${cases(20)}`, () =>
      runner.check(
        20,
        fc.tuple(validRotate, noise(['grace_period_hours'])).map(([b, n]) => applyPatches(b, n)),
        (body) => ({ method: 'post', path: `${KEYS}/${revoked}/rotate`, body }),
        'invalid',
        (res) => expect([res.status, res.body.detail]).toEqual([409, 'API key is revoked']),
      ));

    it('the seeded keys are untouched', async () => {
      const rows = await sut.dataSource.query(
        'SELECT id, is_active, rotated_to FROM api_keys WHERE id = ANY($1) ORDER BY is_active DESC',
        [[active, revoked]],
      );
      expect(rows).toEqual([
        { id: active, is_active: true, rotated_to: null },
        { id: revoked, is_active: false, rotated_to: null },
      ]);
    });
  });

  // What the fuzzing found, pinned as examples (each was a 500 or broke "Every response carries X-Request-Id").
  describe('regressions', () => {
    it('an unpaired surrogate in a text field is a 422, not a 500 (jsonb, the audit details, refuses it)', async () => {
      const res = await runner.case(
        { method: 'post', path: KEYS, body: { name: 'ok', service_id: 'platform', billing_plan: '\uD800' } },
        'invalid',
      );
      expect(res.body).toEqual({
        detail: [
          {
            loc: ['body', 'billing_plan'],
            msg: 'billing_plan must not contain NUL characters or unpaired surrogates',
            type: 'string_pattern_mismatch',
          },
        ],
      });
    });

    it.each([
      [
        'malformed JSON',
        { method: 'post', path: KEYS, raw: '{"name": ' },
        422,
        { detail: [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }] },
      ],
      [
        'a body over 64 KiB',
        { method: 'post', path: KEYS, raw: `{"name": "${'x'.repeat(70_000)}"}` },
        413,
        { detail: 'Request body too large' },
      ],
      [
        'an unsupported charset',
        { method: 'post', path: KEYS, raw: '{}', contentType: 'application/json; charset=latin1' },
        415,
        { detail: 'Unsupported request encoding' },
      ],
    ] as const)(
      "%s: the early error still carries X-Request-Id, the caller's when sane",
      async (_label, wire, status, body) => {
        const mine = await runner.case({ ...wire, headers: { 'X-Request-Id': 'fuzz-early-1' } }, 'invalid');
        expect([mine.status, mine.body, mine.headers['x-request-id']]).toEqual([status, body, 'fuzz-early-1']);
        const fresh = await runner.case({ ...wire, headers: { 'X-Request-Id': 'not sane <>' } }, 'invalid');
        expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      },
    );

    it('a path id that cannot be percent-decoded is a 422 at the path, with X-Request-Id', async () => {
      const res = await runner.case(
        { method: 'get', path: `${KEYS}/%E0%A4%A`, headers: { 'X-Request-Id': 'fuzz-path-1' } },
        'invalid',
      );
      expect(res.status).toBe(422);
      expect([res.body, res.headers['x-request-id']]).toEqual([
        { detail: [{ loc: ['path'], msg: 'Path parameter is not valid percent-encoding', type: 'value_error' }] },
        'fuzz-path-1',
      ]);
    });
  });
});
