import { Server } from 'node:http';
import request from 'supertest';
import { createTestApp, TestApp } from './harness/test-app';
import { EXPECTED_CSP } from './harness/expected-csp';

// configureApp's helmet and CORS (CORS_ORIGINS in .env.example: empty means closed). Swagger UI under this CSP in a
// real browser: test/browser/swagger-ui.browser-spec.ts.
const HELMET_DEFAULTS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};
const CSP = EXPECTED_CSP;
const ADMIN_UI = 'https://admin.hokus.ai';
const OPS_UI = 'https://ops.hokus.ai';
const EVIL = 'https://evil.example';

function preflight(http: Server, origin: string): request.Test {
  return request(http)
    .options('/api/v1/keys')
    .set('Origin', origin)
    .set('Access-Control-Request-Method', 'POST')
    .set('Access-Control-Request-Headers', 'authorization,content-type');
}

function corsHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith('access-control-')));
}

describe('security headers and CORS', () => {
  describe('by default (CORS_ORIGINS empty)', () => {
    let sut: TestApp;
    let http: Server;

    beforeAll(async () => {
      sut = await createTestApp();
      http = sut.app.getHttpServer();
    });
    afterAll(() => sut.close());

    it.each([
      ['an admin route without a token', '/api/v1/keys', 401],
      ['an unknown route', '/nope', 404],
      ['the docs', '/docs/', 200],
    ])('sets helmet 8 defaults and no x-powered-by on %s', async (_what, path, status) => {
      const res = await request(http).get(path).expect(status);
      expect(res.headers).toEqual(expect.objectContaining({ ...HELMET_DEFAULTS, 'content-security-policy': CSP }));
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it.each([
      ['GET', '/health', 200],
      ['GET', '/live', 200],
      ['POST', '/api/v1/keys/validate', 400],
      ['POST', '/api/v1/usage/batch', 422],
    ])(
      'answers the machine route %s %s with the API headers only: nosniff, no-store, no framing',
      async (method, path, status) => {
        const res = await (method === 'GET' ? request(http).get(path) : request(http).post(path).send({})).expect(
          status,
        );
        expect(res.headers).toEqual(
          expect.objectContaining({
            'x-content-type-options': 'nosniff',
            'cache-control': 'no-store',
            'x-frame-options': 'DENY',
          }),
        );
        for (const browserOnly of [
          'content-security-policy',
          'strict-transport-security',
          'cross-origin-opener-policy',
          'referrer-policy',
        ]) {
          expect(res.headers[browserOnly]).toBeUndefined();
        }
        expect(res.headers['x-request-id']).toBeDefined();
        expect(res.headers.etag).toBeUndefined();
      },
    );

    it('keeps upgrade-insecure-requests out of the CSP, so /docs works on plain http from any host', async () => {
      const res = await request(http).get('/docs/').expect(200);
      expect(res.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
    });

    it('answers a cross-origin preflight without any Access-Control header', async () => {
      const res = await preflight(http, EVIL).expect(405);
      expect(res.body).toEqual({ detail: 'Method Not Allowed' });
      expect(corsHeaders(res.headers)).toEqual({});
    });

    it('allows no origin at all, not even one that is elsewhere configured as trusted', async () => {
      for (const origin of [EVIL, ADMIN_UI]) {
        const res = await request(http).get('/health').set('Origin', origin).expect(200);
        expect([origin, corsHeaders(res.headers)]).toEqual([origin, {}]);
      }
    });
  });

  describe('with CORS_ORIGINS set', () => {
    let sut: TestApp;
    let http: Server;

    beforeAll(async () => {
      sut = await createTestApp({ env: { CORS_ORIGINS: `${ADMIN_UI}, ${OPS_UI}` } });
      http = sut.app.getHttpServer();
    });
    afterAll(() => sut.close());

    it.each([ADMIN_UI, OPS_UI])(
      'answers the preflight of %s with that origin, the methods and the asked headers',
      async (origin) => {
        const res = await preflight(http, origin).expect(204);
        expect(corsHeaders(res.headers)).toEqual({
          'access-control-allow-origin': origin,
          'access-control-allow-methods': 'GET,HEAD,PUT,PATCH,POST,DELETE',
          'access-control-allow-headers': 'authorization,content-type',
        });
        expect(res.headers.vary).toMatch(/\bOrigin\b/);
      },
    );

    it('lets a listed origin read responses, errors included', async () => {
      const ok = await request(http).get('/health').set('Origin', ADMIN_UI).expect(200);
      const refused = await request(http).get('/api/v1/keys').set('Origin', ADMIN_UI).expect(401);
      for (const res of [ok, refused]) {
        expect(res.headers['access-control-allow-origin']).toBe(ADMIN_UI);
        expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      }
    });

    it.each([EVIL, 'https://admin.hokus.ai.evil.example', 'http://admin.hokus.ai', 'https://hokus.ai', 'null'])(
      'stays closed to %s',
      async (origin) => {
        const pre = await preflight(http, origin);
        const get = await request(http).get('/health').set('Origin', origin).expect(200);
        expect(pre.headers['access-control-allow-origin']).toBeUndefined();
        expect(get.headers['access-control-allow-origin']).toBeUndefined();
        expect(get.headers.vary).toMatch(/\bOrigin\b/);
      },
    );
  });
});
