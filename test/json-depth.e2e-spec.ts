import request from 'supertest';
import { createKey } from './harness/factories';
import { tableDigest } from './harness/table-digest';
import { createTestApp, TestApp } from './harness/test-app';
import { TEST_ADMIN_TOKEN } from './harness/test-env';

/** Issue 16 item 1 (CONTRACT.md "Errors"): nesting deeper than 32 levels is a 422 json_too_deep, never a 500. */
const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const TOO_DEEP = { detail: [{ loc: ['body'], msg: 'JSON nested deeper than 32 levels', type: 'json_too_deep' }] };

/** An otherwise valid body with `levels` nested arrays in an extra field (the body itself is one level). */
const withDepth = (body: object, levels: number) =>
  JSON.stringify({ ...body, extra: 0 }).replace(/0}$/, `${'['.repeat(levels)}1${']'.repeat(levels)}}`);

describe('deeply nested JSON (issue 16 item 1)', () => {
  let sut: TestApp;
  let keyId: string;
  let plaintext: string;
  const event = { service_id: 'platform', endpoint: '/predict', status_code: 200, response_time_ms: 5 };
  const post = (path: string, raw: string, headers: Record<string, string> = admin) =>
    request(sut.app.getHttpServer()).post(path).set(headers).set('Content-Type', 'application/json').send(raw);

  beforeAll(async () => {
    sut = await createTestApp({ env: { USAGE_AUTH: 'open' } });
    ({ id: keyId, plaintext } = await createKey(sut.dataSource));
  });
  afterAll(() => sut.close());

  const routes = (): [string, string, object, Record<string, string>][] => [
    ['create', '/api/v1/keys', { name: 'deep', service_id: 'platform' }, admin],
    ['rotate', `/api/v1/keys/${keyId}/rotate`, {}, admin],
    ['record (no credentials)', `/api/v1/usage/${keyId}`, event, {}],
    ['batch (no credentials)', '/api/v1/usage/batch', { events: [{ key_id: keyId, ...event }] }, {}],
    ['debit (no credentials)', `/api/v1/usage/${keyId}/debit`, event, {}],
  ];

  it.each([3_000, 10_000])(
    '%d levels: a 422 json_too_deep on every body route, and no data changes',
    async (levels) => {
      const before = await tableDigest(sut.dataSource);
      for (const [label, path, body, headers] of routes()) {
        const res = await post(path, withDepth(body, levels), headers);
        expect([label, res.status, res.body]).toEqual([label, 422, TOO_DEEP]);
      }
      expect(await tableDigest(sut.dataSource)).toEqual(before);
    },
  );

  it('33 levels are refused and 32 accepted (the body counts as the first level)', async () => {
    const create = { name: 'deep', service_id: 'platform' };
    expect((await post('/api/v1/keys', withDepth(create, 32))).body).toEqual(TOO_DEEP);
    expect((await post('/api/v1/keys', withDepth(create, 31))).status).toBe(201);
  });

  it('validation never answers 422: a too deep or malformed body is read as empty and the header key decides', async () => {
    const bearer = { Authorization: `Bearer ${plaintext}` };
    for (const raw of [withDepth({ service_id: 'website' }, 3_000), '{"service_id": "website",']) {
      const res = await post('/api/v1/keys/validate', raw, bearer);
      expect([res.status, res.body.is_valid, res.body.key_id]).toEqual([200, true, keyId]);
    }
    const none = await post('/api/v1/keys/validate', withDepth({}, 3_000), {});
    expect([none.status, none.body.code]).toEqual([400, 'MISSING_KEY']);
  });
});
