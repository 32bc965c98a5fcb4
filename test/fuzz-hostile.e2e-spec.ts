import fc from 'fast-check';
import { generateKey } from '../src/common/keys/key-format';
import { LastUsedRecorder } from '../src/keys/last-used.recorder';
import { createKey } from './harness/factories';
import { cases, FuzzRunner, Wire } from './harness/fuzz-checks';
import { depth, forwardedFor, nestedBody, shape, validateBody } from './harness/fuzz-hostile';
import { createTestApp, TestApp } from './harness/test-app';

/*
 * Issue 16, fuzzed: JSON nested 1 to 10,000 levels on every body route, X-Forwarded-For in every shape behind
 * TRUST_PROXY=1, and validate fields of any type and length. No answer is a 5xx, refusals change nothing, and
 * validation never answers 422.
 */
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const TOO_DEEP = { detail: [{ loc: ['body'], msg: 'JSON nested deeper than 32 levels', type: 'json_too_deep' }] };
const event = { service_id: 'platform', endpoint: '/predict', status_code: 200, response_time_ms: 5 };
type Route = 'create' | 'rotate' | 'record' | 'batch' | 'debit' | 'validate';
const ROUTES: Route[] = ['create', 'rotate', 'record', 'batch', 'debit', 'validate'];

describe('fuzzing hostile input (issue 16)', () => {
  let sut: TestApp;
  let runner: FuzzRunner;
  let plaintext: string;
  const perRoute: Record<string, number> = {};
  const count = (route: string) => (perRoute[route] = (perRoute[route] ?? 0) + 1);

  /** The body route `route` with a body nested `levels` deep; unknown ids, so an accepted body changes nothing. */
  const deepWire = (route: Route, levels: number, how: 'array' | 'object' | 'alternate'): Wire => {
    count(`${route} (nesting)`);
    switch (route) {
      case 'create':
        return {
          method: 'post',
          path: '/api/v1/keys',
          raw: nestedBody({ name: 'deep', service_id: 'platform' }, levels, how),
        };
      case 'rotate':
        return { method: 'post', path: `/api/v1/keys/${UNKNOWN}/rotate`, raw: nestedBody({}, levels, how) };
      case 'record':
        return { method: 'post', path: `/api/v1/usage/${UNKNOWN}`, raw: nestedBody(event, levels, how) };
      case 'batch':
        return {
          method: 'post',
          path: '/api/v1/usage/batch',
          raw: nestedBody({ events: [{ key_id: UNKNOWN, ...event }] }, levels, how),
        };
      case 'debit':
        return { method: 'post', path: `/api/v1/usage/${UNKNOWN}/debit`, raw: nestedBody(event, levels, how) };
      case 'validate':
        return {
          method: 'post',
          path: '/api/v1/keys/validate',
          raw: nestedBody({}, levels, how),
          headers: { Authorization: `Bearer ${generateKey('production')}` },
        };
    }
  };

  beforeAll(async () => {
    // last_used_at is written by a timer every 2 s: it would land in a later, refused case's table check.
    const noLastUsed = {
      record: () => undefined,
      flush: () => Promise.resolve(),
      onModuleInit: () => undefined,
      onApplicationShutdown: () => Promise.resolve(),
    };
    sut = await createTestApp({
      env: { TRUST_PROXY: '1', ADMIN_AUTH_FAILURES_PER_MINUTE: '10000' },
      overrides: [[LastUsedRecorder, noLastUsed]],
    });
    ({ plaintext } = await createKey(sut.dataSource, {
      allowedIps: ['10.0.0.0/8', '127.0.0.0/8', '203.0.113.0/24', '2001:db8::/32'],
    }));
    runner = new FuzzRunner(sut);
    await runner.start();
  });
  afterEach(() => runner.expectHealthy());
  afterAll(async () => {
    console.log(`fuzz-hostile: ${runner.runs} cases, by route: ${JSON.stringify(perRoute)}`);
    runner.stop();
    await sut.close();
  });

  describe('nesting from 1 to 10,000 levels', () => {
    it.each(ROUTES.flatMap((r) => [1, 32, 33, 10_000].map((n) => [r, n] as const)))(
      '%s, %d levels',
      async (route, levels) => {
        const res = await runner.case(deepWire(route, levels, 'alternate'), levels > 32 ? 'invalid' : 'mixed');
        if (levels > 32 && route !== 'validate') expect(res.body).toEqual(TOO_DEEP);
        if (route === 'validate') expect(res.status).toBe(401);
      },
    );

    it(`any depth on any body route: deeper than 32 is a 422 json_too_deep (validation: read as empty), never a 5xx ${cases(240)}`, () =>
      runner.check(
        240,
        fc.tuple(fc.constantFrom(...ROUTES), depth, shape),
        ([route, levels, how]) => deepWire(route, levels, how),
        'mixed',
        (res, [route, levels]) => {
          if (route === 'validate') expect(res.status).toBe(401);
          else if (levels > 32) expect([res.status, res.body]).toEqual([422, TOO_DEEP]);
          else expect(res.body).not.toEqual(TOO_DEEP);
        },
      ));
  });

  describe('X-Forwarded-For in any shape, TRUST_PROXY=1', () => {
    it(`create with any header is a 201 whose audit row holds an address ${cases(120)}`, () =>
      runner.check(
        120,
        forwardedFor,
        (xff) => (
          count('create (X-Forwarded-For)'),
          {
            method: 'post',
            path: '/api/v1/keys',
            body: { name: 'xff', service_id: 'platform' },
            headers: { 'X-Forwarded-For': xff },
          }
        ),
        'mixed',
        (res) => expect(res.status).toBe(201),
      ));

    it(`validation with any header answers 200 or 401, never a 5xx, and changes nothing when refused ${cases(120)}`, () =>
      runner.check(
        120,
        forwardedFor,
        (xff) => (
          count('validate (X-Forwarded-For)'),
          {
            method: 'post',
            path: '/api/v1/keys/validate',
            body: {},
            headers: { Authorization: `Bearer ${plaintext}`, 'X-Forwarded-For': xff },
          }
        ),
        'mixed',
        (res) => expect([200, 401]).toContain(res.status),
      ));

    it('every audited address is a bare address', async () => {
      const rows: { ip: string | null }[] = await sut.dataSource.query(
        'SELECT host(client_ip) AS ip FROM audit_events',
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const { ip } of rows) expect(ip).toMatch(/^[0-9a-f:.]+$/);
    });
  });

  describe('validate fields of any type and length', () => {
    it(`never a 422: 200, 400, 401 or 429 ${cases(200)}`, () =>
      runner.check(
        200,
        fc.tuple(validateBody, fc.boolean()),
        ([body, withHeader]) => (
          count('validate (fields)'),
          {
            method: 'post',
            path: '/api/v1/keys/validate',
            body,
            headers: withHeader ? { Authorization: `Bearer ${plaintext}` } : { Authorization: '' },
          }
        ),
        'mixed',
        (res) => expect([200, 400, 401, 429]).toContain(res.status),
      ));

    it(`a body that is not an object, or not JSON at all, is read as empty ${cases(40)}`, () =>
      runner.check(
        40,
        fc.oneof(
          fc
            .jsonValue()
            .filter((v) => v === null || typeof v !== 'object' || Array.isArray(v))
            .map((v) => JSON.stringify(v)),
          fc.constantFrom('{"api_key": ', '[', '{"a":1}}', 'NaN'),
        ),
        (raw) => (
          count('validate (not an object)'),
          {
            method: 'post',
            path: '/api/v1/keys/validate',
            raw,
            headers: { Authorization: `Bearer ${plaintext}` },
          }
        ),
        'mixed',
        (res) => expect(res.status).toBe(200),
      ));
  });

  // Last: a failed login is audited after its 401 (fire and forget), so rows may land after a case's table check.
  it(`a failed admin login with any header is a 401 or 429, never a 5xx ${cases(60)}`, async () => {
    await fc.assert(
      fc.asyncProperty(forwardedFor, async (xff) => {
        count('admin login (X-Forwarded-For)');
        runner.runs++;
        const res = await runner.send({
          method: 'get',
          path: '/api/v1/keys',
          headers: { Authorization: 'Bearer wrong', 'X-Forwarded-For': xff },
        });
        expect([401, 429]).toContain(res.status);
      }),
      { numRuns: 60 },
    );
    await new Promise((r) => setTimeout(r, 300));
    const rows: { ip: string | null }[] = await sut.dataSource.query(
      `SELECT host(client_ip) AS ip FROM audit_events WHERE action = 'admin.auth_failed'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const { ip } of rows) expect(ip).toMatch(/^[0-9a-f:.]+$/);
  });
});
