import request from 'supertest';
import { KnownRoutes } from '../src/common/routes/known-routes';
import { createKey } from './harness/factories';
import { ProbeModule } from './harness/probe.module';
import { createTestApp, TestApp } from './harness/test-app';
import { TEST_ADMIN_TOKEN, TEST_PREVIOUS_ADMIN_TOKEN } from './harness/test-env';

// A key that exists (seeded below), so per-key sample paths answer 2xx once the token is accepted.
const SAMPLE_KEY_ID = '00000000-0000-4000-8000-0000000000a1';

/**
 * Every route that needs the admin token (STYLE.md 16). A new protected route missing from this table fails the
 * comparison with the router below; a sample path for each pattern is given.
 */
const PROTECTED: [method: string, pattern: string, sample: string, body?: object][] = [
  ['POST', '/probe/admin', '/probe/admin'],
  ['POST', '/api/v1/keys', '/api/v1/keys', { name: 'guard table', service_id: 'platform' }],
  ['GET', '/api/v1/keys', '/api/v1/keys'],
  ['GET', '/api/v1/keys/{key_id}', `/api/v1/keys/${SAMPLE_KEY_ID}`],
  ['DELETE', '/api/v1/keys/{key_id}', `/api/v1/keys/${SAMPLE_KEY_ID}`],
  // Rotating an unknown id is a 404 from behind the guard: a 404 proves the token passed without burning the sample.
  ['POST', '/api/v1/keys/{key_id}/rotate', '/api/v1/keys/00000000-0000-4000-8000-0000000000ff/rotate', {}],
  ['GET', '/api/v1/audit', '/api/v1/audit'],
  ['GET', '/api/v1/usage/aggregate', '/api/v1/usage/aggregate'],
  ['GET', '/api/v1/usage/{key_id}/stats', `/api/v1/usage/${SAMPLE_KEY_ID}/stats`],
  ['GET', '/api/v1/usage/{key_id}/series', `/api/v1/usage/${SAMPLE_KEY_ID}/series`],
  ['GET', '/api/v1/usage/{key_id}/billing', `/api/v1/usage/${SAMPLE_KEY_ID}/billing`],
];

describe('AdminTokenGuard', () => {
  let sut: TestApp;

  beforeAll(async () => {
    // Every route is tried with wrong tokens from one address, which shares one failure budget: lift it here.
    sut = await createTestApp({ imports: [ProbeModule], env: { ADMIN_AUTH_FAILURES_PER_MINUTE: '10000' } });
    const { id } = await createKey(sut.dataSource);
    await sut.dataSource.query('UPDATE api_keys SET id = $1 WHERE id = $2', [SAMPLE_KEY_ID, id]);
  });
  afterAll(() => sut.close());

  it('the table lists exactly the routes that are not public', () => {
    const doc = sut.app.get(KnownRoutes).list();
    const publicRoutes = new Set([
      'GET /',
      'GET /health',
      'GET /auth/health',
      'GET /live',
      'GET /ready',
      'GET /auth/ready',
      'GET /metrics',
      'GET /metrics/prometheus',
      'POST /probe/public',
      'POST /probe/boom',
      'POST /probe/boom-with',
      'POST /api/v1/usage/{key_id}',
      'POST /api/v1/usage/batch',
      'POST /api/v1/usage/{key_id}/debit',
      'POST /api/v1/keys/validate',
      'POST /api/v1/secret-scanning/github',
    ]);
    const protectedInApp = doc
      .map((r) => `${r.method} ${r.path}`)
      .filter((r) => !publicRoutes.has(r))
      .sort();
    expect(protectedInApp).toEqual(PROTECTED.map(([m, p]) => `${m} ${p}`).sort());
  });

  describe.each(PROTECTED)('%s %s', (method, _pattern, sample, body) => {
    const call = () => {
      const agent = request(sut.app.getHttpServer());
      return agent[method.toLowerCase() as 'post'](sample).send(body ?? { name: 'a', count: 1 });
    };

    it('without a token: 401 with WWW-Authenticate', async () => {
      const res = await call().expect(401);
      expect(res.body).toEqual({ detail: 'Invalid or missing admin token' });
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });

    it('with a wrong token: 401', async () => {
      const res = await call().set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}x`).expect(401);
      expect(res.body).toEqual({ detail: 'Invalid or missing admin token' });
    });

    const allowed = (status: number) =>
      sample.endsWith('ff/rotate') ? expect(status).toBe(404) : expect(status).toBeLessThan(400);

    it('with the current token: allowed', async () => {
      const res = await call().set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`);
      allowed(res.status);
    });

    it('with ADMIN_TOKEN_PREVIOUS: allowed', async () => {
      const res = await call().set('Authorization', `bearer ${TEST_PREVIOUS_ADMIN_TOKEN}`);
      allowed(res.status);
    });

    it('with a non-Bearer scheme: 401', async () => {
      await call().set('Authorization', `Basic ${TEST_ADMIN_TOKEN}`).expect(401);
    });
  });
});

describe('failed admin authentications are throttled per client IP', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ imports: [ProbeModule], env: { ADMIN_AUTH_FAILURES_PER_MINUTE: '3' } });
  });
  afterAll(() => sut.close());

  it('answers 429 with Retry-After after the limit, while valid tokens and public routes pass', async () => {
    const http = sut.app.getHttpServer();
    const wrong = () =>
      request(http).post('/probe/admin').set('Authorization', 'Bearer guess').send({ name: 'a', count: 1 });
    for (let i = 0; i < 3; i++) await wrong().expect(401);
    const refused = await wrong().expect(429);
    expect(refused.body).toEqual({
      detail: 'Too many failed admin authentications; retry later',
      code: 'AUTH_THROTTLED',
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await request(http)
      .post('/probe/admin')
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .send({ name: 'a', count: 1 })
      .expect(201);
    await request(http).get('/health').expect(200);
  });
});
