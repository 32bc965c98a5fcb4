import express, { Express } from 'express';
import request from 'supertest';
import { hokusaiAuth, HokusaiAuthOptions } from './express';
import { HokusaiAuthClient } from './hokusai-auth.client';
import { closedPortUrl, FakeHokusaiServer } from './testing/fake-hokusai-server';
import { memoryLogger, waitUntil } from './testing/wait-until';

describe('hokusaiAuth (Express middleware)', () => {
  let server: FakeHokusaiServer;
  let client: HokusaiAuthClient;

  function app(options: Partial<HokusaiAuthOptions> = {}, setup?: (a: Express) => void): Express {
    const a = express();
    setup?.(a);
    a.use(hokusaiAuth({ client, serviceId: 'platform', ...options }));
    a.get('/models/:id', (req, res) => {
      res.json({ principal: req.hokusai });
    });
    return a;
  }

  beforeEach(async () => {
    server = new FakeHokusaiServer();
    await server.listen();
    client = new HokusaiAuthClient({ baseUrl: server.url, retryBaseDelayMs: 1, retryMaxDelayMs: 2 });
  });
  afterEach(() => server.close());

  it.each([
    ['a Bearer header', (r: request.Test, key: string) => r.set('Authorization', `Bearer ${key}`)],
    ['an X-API-Key header', (r: request.Test, key: string) => r.set('X-API-Key', key)],
    ['the api_key query parameter', (r: request.Test, key: string) => r.query({ api_key: key })],
  ])('accepts a valid key from %s and attaches the principal', async (_case, withKey) => {
    const { apiKey, info } = server.addKey({ scopes: ['model:read'], user_id: 'u-42' });
    const res = await withKey(request(app()).get('/models/7'), apiKey).expect(200);
    expect(res.body).toEqual({
      principal: { keyId: info.key_id, userId: 'u-42', serviceId: 'platform', scopes: ['model:read'] },
    });
    const [sent] = server.requestsTo('/api/v1/keys/validate');
    expect(sent.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(sent.body).toEqual({ service_id: 'platform', client_ip: expect.any(String) });
  });

  it('answers 400 without calling the service when no key is sent', async () => {
    const res = await request(app()).get('/models/7').expect(400);
    expect(res.body).toEqual({ detail: 'No API key provided', code: 'MISSING_KEY' });
    expect(server.requestsTo('/api/v1/keys/validate')).toHaveLength(0);
  });

  it("passes a 401 through with the service's detail", async () => {
    const res = await request(app()).get('/models/7').set('X-API-Key', 'hk_live_wrong').expect(401);
    expect(res.body).toEqual({ detail: 'API key not found or invalid', code: 'INVALID_KEY' });
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('sends the required scope and refuses a key without it', async () => {
    const { apiKey } = server.addKey({ scopes: ['model:read'] });
    const res = await request(app({ requiredScope: 'model:write' }))
      .get('/models/7')
      .set('X-API-Key', apiKey)
      .expect(401);
    expect(res.body).toEqual({ detail: 'Insufficient scope: model:write required', code: 'INSUFFICIENT_SCOPE' });
  });

  it('passes a 429 through with Retry-After', async () => {
    const { apiKey } = server.addKey({ rate_limit_per_hour: 1 });
    client = new HokusaiAuthClient({ baseUrl: server.url, cacheTtlMs: 0 });
    const a = app();
    await request(a).get('/models/7').set('X-API-Key', apiKey).expect(200);
    const res = await request(a).get('/models/7').set('X-API-Key', apiKey).expect(429);
    expect(res.body).toEqual({ detail: 'Rate limit exceeded', code: 'RATE_LIMITED' });
    expect(res.headers['retry-after']).toBe('1800');
  });

  it('answers 503 when the service is unreachable and nothing is cached', async () => {
    client = new HokusaiAuthClient({ baseUrl: await closedPortUrl(), retries: 0 });
    const res = await request(app()).get('/models/7').set('X-API-Key', 'hk_live_anything').expect(503);
    expect(res.body).toEqual({ detail: 'Authentication service unavailable', code: 'AUTH_UNAVAILABLE' });
  });

  it('keeps accepting a cached key while the service is down', async () => {
    const { apiKey, info } = server.addKey();
    client = new HokusaiAuthClient({ baseUrl: server.url, cacheMode: 'outage-only', retries: 0 });
    const a = app();
    await request(a).get('/models/7').set('X-API-Key', apiKey).expect(200);
    await server.close();
    const res = await request(a).get('/models/7').set('X-API-Key', apiKey).expect(200);
    expect(res.body.principal.keyId).toBe(info.key_id);
  });

  describe('client IP', () => {
    it('sends req.ip, not a forged X-Forwarded-For, when trust proxy is off', async () => {
      const { apiKey } = server.addKey({ allowed_ips: ['203.0.113.10'] });
      const res = await request(app())
        .get('/models/7')
        .set('X-API-Key', apiKey)
        .set('X-Forwarded-For', '203.0.113.10')
        .expect(401);
      expect(res.body).toEqual({ detail: 'IP address not allowed', code: 'IP_NOT_ALLOWED' });
      expect(server.requestsTo('/api/v1/keys/validate')[0].body).toEqual({
        service_id: 'platform',
        client_ip: expect.stringMatching(/127\.0\.0\.1$/),
      });
    });

    it('sends the forwarded address when the app trusts its proxy explicitly', async () => {
      const { apiKey } = server.addKey({ allowed_ips: ['203.0.113.0/24'] });
      const a = app({}, (x) => x.set('trust proxy', 'loopback'));
      await request(a).get('/models/7').set('X-API-Key', apiKey).set('X-Forwarded-For', '203.0.113.10').expect(200);
      expect(server.requestsTo('/api/v1/keys/validate')[0].body).toEqual({
        service_id: 'platform',
        client_ip: '203.0.113.10',
      });
    });
  });

  describe('recordUsage', () => {
    it('records one event after the response, with status, duration and the path without its query', async () => {
      const { apiKey, info } = server.addKey();
      await request(app({ recordUsage: true }))
        .get('/models/7')
        .query({ api_key: apiKey, x: '1' })
        .expect(200);
      await waitUntil(() => server.usageOf(info.key_id).length === 1, 'a usage event');
      expect(server.usageOf(info.key_id)).toEqual([
        {
          service_id: 'platform',
          endpoint: '/models/7',
          status_code: 200,
          response_time_ms: expect.any(Number),
          idempotency_key: expect.any(String),
        },
      ]);
    });

    it('records the final status of a failing handler and the custom fields', async () => {
      const { apiKey, info } = server.addKey();
      const a = express();
      a.use(
        hokusaiAuth({
          client,
          serviceId: 'platform',
          recordUsage: { predictionsCount: () => 4, modelId: () => 'm-1' },
        }),
      );
      a.get('/boom', (_req, res) => {
        res.status(500).json({ detail: 'boom' });
      });
      await request(a).get('/boom').set('X-API-Key', apiKey).expect(500);
      await waitUntil(() => server.usageOf(info.key_id).length === 1, 'a usage event');
      expect(server.usageOf(info.key_id)[0]).toMatchObject({
        status_code: 500,
        endpoint: '/boom',
        predictions_count: 4,
        model_id: 'm-1',
      });
    });

    it('never holds the response back and only logs a failed record', async () => {
      const { apiKey, info } = server.addKey();
      const logger = memoryLogger();
      server.fail(`/api/v1/usage/${info.key_id}`, 10, 500);
      client = new HokusaiAuthClient({ baseUrl: server.url, retries: 0 });
      await request(app({ recordUsage: true, logger }))
        .get('/models/7')
        .set('X-API-Key', apiKey)
        .expect(200);
      await waitUntil(() => logger.lines.length > 0, 'a log line');
      expect(logger.lines).toEqual(['warn: hokusai auth: usage event not recorded']);
    });

    it('answers before a slow usage endpoint does', async () => {
      const { apiKey, info } = server.addKey();
      server.delay(`/api/v1/usage/${info.key_id}`, 60_000);
      await request(app({ recordUsage: true }))
        .get('/models/7')
        .set('X-API-Key', apiKey)
        .expect(200);
      await waitUntil(() => server.requestsTo(`/api/v1/usage/${info.key_id}`).length === 1, 'the usage call');
      expect(server.usageOf(info.key_id)).toEqual([]);
    });
  });
});
