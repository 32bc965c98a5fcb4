import fc from 'fast-check';
import { generateKey } from '../src/common/keys/key-format';
import { createKey } from './harness/factories';
import { anyText, noise, toJsonText } from './harness/fuzz-arbitraries';
import { cases, FuzzRunner, Wire } from './harness/fuzz-checks';
import { depth, nestedBody, shape } from './harness/fuzz-hostile';
import { GithubSigner, SCANNING_ROUTE } from './harness/github-signer';
import { createTestApp, TestApp } from './harness/test-app';

/*
 * Issue 20, fuzzed: GitHub's secret-scanning endpoint against bodies and headers of any shape. Nothing unsigned
 * is read or changes data (always 401); signed input is never a 5xx, and a 200 answers every token in order.
 */
const REFUSED = { detail: 'Invalid or missing GitHub signature', code: 'INVALID_SIGNATURE' };
const FIELDS = ['token', 'type', 'url', 'source'];
const LABELS = ['true_positive', 'false_positive'];
const headerText = fc.string({ unit: fc.constantFrom(...'abcXYZ019+/=-_ .'.split('')), maxLength: 120 });
const flipChecksum = (k: string) => k.slice(0, -1) + (k.endsWith('0') ? '1' : '0');

describe('fuzzing the secret-scanning endpoint (issue 20)', () => {
  const signer = new GithubSigner();
  const stranger = new GithubSigner();
  let sut: TestApp;
  let runner: FuzzRunner;
  let live: string;
  let liveId: string;
  let revoked: string;

  const signed = (raw: string, s = signer): Wire => ({
    method: 'post',
    path: SCANNING_ROUTE,
    raw,
    headers: s.headers(raw),
  });

  beforeAll(async () => {
    sut = await createTestApp({ env: { SECRET_SCANNING_GITHUB_KEYS: signer.document() } });
    ({ id: liveId, plaintext: live } = await createKey(sut.dataSource, { name: 'fuzz live' }));
    revoked = (await createKey(sut.dataSource, { name: 'fuzz revoked', isActive: false, revokedAt: new Date() }))
      .plaintext;
    runner = new FuzzRunner(sut);
    await runner.start();
  });
  afterEach(() => runner.expectHealthy());
  afterAll(async () => {
    console.log(`fuzz-secret-scanning: ${runner.runs} cases`);
    runner.stop();
    await sut.close();
  });

  // Any body, even one naming the live key, under headers that do not hold: GitHub's key never signed these bytes.
  const anyBody = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map(toJsonText),
    anyText(200),
    fc.constant(JSON.stringify([{ token: 'LIVE', type: 't', url: 'https://x', source: 'content' }])),
  );
  const forgedHeaders = fc.oneof(
    fc.constant({}),
    fc.record(
      { 'Github-Public-Key-Identifier': headerText, 'Github-Public-Key-Signature': headerText },
      { requiredKeys: [] },
    ),
    fc.constant('stranger'),
    fc.constant('wrong-id'),
    fc.constant('tampered'),
  );

  it(`an unsigned, forged or tampered report is a 401 and changes nothing ${cases(250)}`, () =>
    runner.check(
      250,
      fc.tuple(anyBody, forgedHeaders),
      ([body, how]) => {
        const raw = body.replace('LIVE', live);
        if (how === 'stranger') return signed(raw, stranger);
        if (how === 'wrong-id')
          return { ...signed(raw), headers: { ...signer.headers(raw), 'Github-Public-Key-Identifier': 'old' } };
        if (how === 'tampered')
          return { method: 'post', path: SCANNING_ROUTE, raw: `${raw} `, headers: signer.headers(raw) };
        return { method: 'post', path: SCANNING_ROUTE, raw, headers: how };
      },
      'invalid',
      (res) => expect([res.status, res.body]).toEqual([401, REFUSED]),
    ));

  const token = fc.oneof(
    fc.constant('REVOKED'),
    fc.constantFrom('production', 'test', 'development').map((e) => generateKey(e as 'test')),
    fc.constant('BAD_CHECKSUM'),
    anyText(80),
    fc.string({ unit: fc.constantFrom(...'hk_livetsdv0123456789AZaz'.split('')), maxLength: 45 }),
  );
  const entry = fc
    .tuple(
      fc.record({ token, type: anyText(100), url: anyText(300), source: anyText(100) }, { requiredKeys: ['token'] }),
      noise(FIELDS),
    )
    .map(([e, extra]) => ({
      ...Object.fromEntries(extra.flatMap((p) => Object.entries(p)).filter(([k]) => !FIELDS.includes(k))),
      ...e,
    }));

  it(`a signed report of any tokens answers each one in order, and leaves the live key alone ${cases(120)}`, () =>
    runner.check(
      120,
      fc.array(entry, { maxLength: 12 }),
      (entries) => {
        for (const e of entries)
          e.token = e.token === 'REVOKED' ? revoked : e.token === 'BAD_CHECKSUM' ? flipChecksum(live) : e.token;
        return signed(toJsonText(entries));
      },
      'mixed',
      (res, entries) => {
        expect(res.status).toBe(200);
        expect(res.body.map((i: { token_raw: string }) => i.token_raw)).toEqual(entries.map((e) => e.token));
        for (const item of res.body) expect(LABELS).toContain(item.label);
        expect(
          res.body.map(
            (i: { label: string; token_raw: string }) => (i.token_raw === revoked) === (i.label === 'true_positive'),
          ),
        ).not.toContain(false);
      },
    ));

  it(`a signed body of any JSON value or text is a 200 or a 422, never a 5xx ${cases(150)}`, () =>
    runner.check(
      150,
      fc.oneof(fc.jsonValue({ maxDepth: 4 }).map(toJsonText), anyText(300)),
      (raw) => signed(raw),
      'mixed',
      (res) => expect([200, 422]).toContain(res.status),
    ));

  it(`a signed body nested 1 to 10,000 levels is never a 5xx ${cases(40)}`, () =>
    runner.check(
      40,
      fc.tuple(depth, shape),
      ([levels, how]) => signed(`[${nestedBody({ token: 'x' }, levels, how)}]`),
      'mixed',
      (res) => expect([200, 422]).toContain(res.status),
    ));

  it(`a body over 1 MiB is a 413, signed or not ${cases(6)}`, () =>
    runner.check(
      6,
      fc.tuple(fc.integer({ min: 1024 * 1024 + 1, max: 1_300_000 }), fc.boolean()),
      ([n, sign]) => {
        const raw = JSON.stringify([{ token: 'x', url: 'u'.repeat(n) }]);
        return sign ? signed(raw) : { method: 'post', path: SCANNING_ROUTE, raw };
      },
      'invalid',
      (res) => expect([res.status, res.body]).toEqual([413, { detail: 'Request body too large' }]),
    ));

  it('the live key the forged reports named is untouched', async () => {
    const rows = await sut.dataSource.query('SELECT is_active, revoked_at FROM api_keys WHERE id = $1', [liveId]);
    expect(rows).toEqual([{ is_active: true, revoked_at: null }]);
  });
});
