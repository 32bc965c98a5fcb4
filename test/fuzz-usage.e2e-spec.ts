import fc from 'fast-check';
import { createKey } from './harness/factories';
import {
  ABSENT,
  applyPatches,
  badInt,
  badText,
  breakRequired,
  broken,
  entry,
  noise,
  notArray,
  RawJson,
  set,
  text,
  toJsonText,
} from './harness/fuzz-arbitraries';
import { notJsonObject, notUuid, notUuidText, wrongContentType } from './harness/fuzz-wire';
import { cases, FuzzRunner } from './harness/fuzz-checks';
import { createTestApp, TestApp } from './harness/test-app';

const EVENT_FIELDS = [
  'service_id',
  'endpoint',
  'status_code',
  'response_time_ms',
  'predictions_count',
  'compute_ms',
  'model_id',
  'idempotency_key',
];
const USAGE = '/api/v1/usage';

const validEvent = fc.record(
  {
    service_id: text(1, 64),
    endpoint: text(1, 512),
    status_code: fc.oneof(fc.constant(0), fc.integer({ min: 100, max: 599 })),
    response_time_ms: fc.integer({ min: 0, max: 100_000 }),
    predictions_count: fc.integer({ min: 0, max: 1000 }),
    compute_ms: fc.integer({ min: 0, max: 100_000 }),
    model_id: text(0, 255),
    idempotency_key: text(0, 255),
  },
  { requiredKeys: ['service_id', 'endpoint', 'status_code', 'response_time_ms'] },
);

// The contract bounds status_code (0, or 100 to 599) and the texts; the amounts only from below (≥ 0).
const eventBreakers = [
  breakRequired('service_id', badText(1, 64)),
  breakRequired('endpoint', badText(1, 512)),
  breakRequired('status_code', fc.oneof(fc.integer({ min: 1, max: 99 }), badInt(0, 599))),
  breakRequired('response_time_ms', badInt(0)),
  set('predictions_count', badInt(0)),
  set('compute_ms', badInt(0)),
  set('model_id', badText(0, 255)),
  set('idempotency_key', badText(0, 255)),
];
const brokenEvent = broken(validEvent, eventBreakers, [...EVENT_FIELDS, 'key_id']);

/** Numbers the contract does not bound from above, far beyond any column: the answer may vary, never a 5xx. */
const HUGE = [
  2 ** 31,
  2 ** 53 + 1,
  1e308,
  new RawJson('9007199254740993'),
  new RawJson('1e400'),
  Number.MAX_SAFE_INTEGER,
];

describe('fuzzing usage ingestion (CONTRACT.md "Usage and billing", "Errors")', () => {
  let sut: TestApp;
  let runner: FuzzRunner;
  let key: string;
  let other: string;

  beforeAll(async () => {
    sut = await createTestApp({ env: { USAGE_AUTH: 'open', USAGE_RATE_LIMIT_PER_MINUTE: '1000000' } });
    key = (await createKey(sut.dataSource, { name: 'fuzz usage' })).id;
    other = (await createKey(sut.dataSource, { name: 'fuzz usage 2', billingPlan: 'pro' })).id;
    runner = new FuzzRunner(sut);
    await runner.start();
  });
  afterEach(() => runner.expectHealthy());
  afterAll(async () => {
    console.log(`fuzz-usage: ${runner.runs} cases`);
    runner.stop();
    await sut.close();
  });

  const routes = ['record', 'debit'] as const;
  const pathOf = (id: string, route: (typeof routes)[number]) =>
    route === 'record' ? `${USAGE}/${id}` : `${USAGE}/${id}/debit`;

  describe('POST /api/v1/usage/{key_id} and /debit', () => {
    it(`a valid event with unicode and ignored extra fields is accepted ${cases(15)}`, () =>
      runner.check(
        15,
        fc.tuple(validEvent, noise([...EVENT_FIELDS, 'key_id']), fc.constantFrom(...routes)),
        ([ev, extra, route]) => ({ method: 'post', path: pathOf(key, route), body: applyPatches(ev, extra) }),
        'mixed',
        (res) => expect(res.status).toBe(200),
      ));

    it(`an event that breaks the schema is a 422 at ["body", …] and records nothing ${cases(250)}`, () =>
      runner.check(
        250,
        fc.tuple(brokenEvent, fc.constantFrom(...routes)),
        ([body, route]) => ({ method: 'post', path: pathOf(key, route), body }),
        'invalid',
        (res) => {
          expect(res.status).toBe(422);
          for (const v of res.body.detail) expect(v.loc[0]).toBe('body');
        },
      ));

    it(`malformed JSON, a non-object, another content type or over 64 KiB is refused and records nothing ${cases(80)}`, () =>
      runner.check(
        80,
        fc.tuple(
          fc.oneof(
            notJsonObject(validEvent).map((raw) => ({ raw, contentType: 'application/json' })),
            wrongContentType(validEvent).map(({ wire, contentType }) => ({ raw: wire, contentType })),
            fc.tuple(validEvent, fc.integer({ min: 64 * 1024 + 1, max: 200_000 })).map(([ev, n]) => ({
              raw: toJsonText({ ...ev, model_id: 'm'.repeat(n) }),
              contentType: 'application/json',
            })),
          ),
          fc.constantFrom(...routes),
        ),
        ([{ raw, contentType }, route]) => ({ method: 'post', path: pathOf(key, route), raw, contentType }),
        'invalid',
      ));

    it(`a key_id that is not a UUID is a 4xx; an unknown UUID a 404; nothing is recorded ${cases(80)}`, () =>
      runner.check(
        80,
        fc.tuple(fc.oneof(notUuid, fc.uuid()), validEvent, fc.constantFrom(...routes)),
        ([id, body, route]) => ({ method: 'post', path: pathOf(id, route), body }),
        'invalid',
      ));

    it(`huge amounts, and any JSON in every field, are answered below 500 ${cases(80)}`, () =>
      runner.check(
        80,
        fc.tuple(
          fc.oneof(
            fc
              .tuple(
                validEvent,
                fc.constantFrom('response_time_ms', 'predictions_count', 'compute_ms'),
                fc.constantFrom(...HUGE),
              )
              .map(([ev, field, n]) => applyPatches(ev, [entry(field, n)])),
            fc.record(Object.fromEntries(EVENT_FIELDS.map((f) => [f, fc.jsonValue({ maxDepth: 2 })])), {
              requiredKeys: [],
            }),
          ),
          fc.constantFrom(...routes),
        ),
        ([body, route]) => ({ method: 'post', path: pathOf(key, route), body }),
        'mixed',
      ));
  });

  describe('POST /api/v1/usage/batch', () => {
    const batchEvent = validEvent.map((ev) => ({ key_id: key, ...ev }));
    const events = fc.array(batchEvent, { minLength: 1, maxLength: 5 });
    const brokenAt = fc
      .tuple(
        events,
        fc.oneof(
          brokenEvent.map((ev) => ({ key_id: key, ...ev })),
          validEvent.chain((ev) =>
            fc.oneof(
              fc.constant({ ...ev, key_id: ABSENT }),
              notUuidText.map((id) => ({ ...ev, key_id: id })),
              fc.constant({ ...ev, key_id: null }),
            ),
          ),
        ),
        events,
      )
      .map(([a, bad, c]) => [...a, applyPatches({}, [bad]), ...c]);
    const brokenBatch = fc.oneof(
      brokenAt.map((list) => ({ events: list })),
      fc.constantFrom({}, { events: null }, { events: [] }, { events: {} }),
      notArray.map((v) => ({ events: v })),
      fc.constant(1001).map((n) => ({
        events: Array.from({ length: n }, () => ({
          key_id: key,
          service_id: 's',
          endpoint: '/e',
          status_code: 200,
          response_time_ms: 1,
        })),
      })),
      batchEvent.map((ev) => ({ events: [[ev]] })),
      batchEvent.map((ev) => ({ events: [ev, [ev, ev]] })),
      fc.constantFrom([1], ['x'], [null], [true], [[]]).map((list) => ({ events: list })),
      batchEvent.map((ev) => ({ events: { 0: ev, length: 1 } })),
    );

    it(`a batch that breaks the schema anywhere is a 422 at ["body", …] and records nothing (all or nothing) ${cases(100)}`, () =>
      runner.check(
        100,
        fc.tuple(brokenBatch, noise(['events'])).map(([b, n]) => applyPatches(b, n)),
        (body) => ({ method: 'post', path: `${USAGE}/batch`, body }),
        'invalid',
        (res) => {
          expect(res.status).toBe(422);
          for (const v of res.body.detail) expect(v.loc[0]).toBe('body');
        },
      ));

    it(`a batch between 64 KiB and 1 MiB is read (422 for a bad event), over 1 MiB a 413 ${cases(6)}`, () =>
      runner.check(
        6,
        fc.tuple(batchEvent, fc.boolean()).map(([ev, over]) => {
          const pad = { ...ev, endpoint: 'e'.repeat(500), model_id: 'm'.repeat(255) };
          const list = Array.from({ length: over ? 1000 : 150 }, () => pad);
          return {
            over,
            raw: toJsonText({
              events: [...list, { ...pad, status_code: 600 }],
              padding: over ? 'p'.repeat(400_000) : '',
            }),
          };
        }),
        ({ raw }) => ({ method: 'post', path: `${USAGE}/batch`, raw }),
        'invalid',
        (res, { over }) => expect(res.status).toBe(over ? 413 : 422),
      ));

    it(`a valid batch with ignored extra fields is accepted ${cases(10)}`, () =>
      runner.check(
        10,
        fc.tuple(events, noise(['events'])).map(([list, n]) => applyPatches({ events: list }, n)),
        (body) => ({ method: 'post', path: `${USAGE}/batch`, body }),
        'mixed',
        (res) =>
          expect([res.status, res.body]).toEqual([
            200,
            { accepted: expect.any(Number), duplicates: expect.any(Number) },
          ]),
      ));

    it(`a batch naming an unknown key is refused whole or stored; never a 5xx ${cases(20)}`, () =>
      runner.check(
        20,
        fc.tuple(events, fc.uuid()).map(([list, id]) => ({ events: [...list, { ...list[0], key_id: id }] })),
        (body) => ({ method: 'post', path: `${USAGE}/batch`, body }),
        'mixed',
      ));

    it(`malformed JSON or another content type is refused ${cases(30)}`, () =>
      runner.check(
        30,
        fc.oneof(
          notJsonObject(events.map((list) => ({ events: list }))).map((raw) => ({
            raw,
            contentType: 'application/json',
          })),
          wrongContentType(events.map((list) => ({ events: list }))).map(({ wire, contentType }) => ({
            raw: wire,
            contentType,
          })),
        ),
        ({ raw, contentType }) => ({ method: 'post', path: `${USAGE}/batch`, raw, contentType }),
        'invalid',
      ));

    it('a key that no case named has no events', async () => {
      const [{ n }] = await sut.dataSource.query('SELECT count(*)::int AS n FROM usage_events WHERE key_id = $1', [
        other,
      ]);
      expect(n).toBe(0);
    });
  });

  describe('regressions', () => {
    it('a batch whose events hold an array of events is a 422, not a 500 (ValidateNested walks into nested arrays)', async () => {
      const ev = { key_id: key, service_id: 'platform', endpoint: '/p', status_code: 200, response_time_ms: 1 };
      const res = await runner.case(
        { method: 'post', path: `${USAGE}/batch`, body: { events: [ev, [ev, ev]] } },
        'invalid',
      );
      expect(res.body).toEqual({
        detail: [{ loc: ['body', 'events'], msg: 'each entry of events must be an event object', type: 'dict_type' }],
      });
    });
  });
});
