import { HokusaiAuthClient, HokusaiAuthClientOptions } from './hokusai-auth.client';
import { HokusaiAuthError } from './hokusai-auth.error';
import { FakeHokusaiServer } from './testing/fake-hokusai-server';
import { memoryLogger } from './testing/wait-until';

async function failure(promise: Promise<unknown>): Promise<HokusaiAuthError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof HokusaiAuthError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('HokusaiAuthClient.validate', () => {
  let server: FakeHokusaiServer;
  let clock: number;
  const VALIDATE = '/api/v1/keys/validate';

  function client(options: HokusaiAuthClientOptions = {}): HokusaiAuthClient {
    return new HokusaiAuthClient({
      baseUrl: server.url,
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 2,
      now: () => clock,
      ...options,
    });
  }

  beforeEach(async () => {
    clock = Date.parse('2026-11-25T10:00:00Z');
    server = new FakeHokusaiServer();
    await server.listen();
  });
  afterEach(() => server.close());

  it('sends the key as a Bearer header and the context as snake_case body fields', async () => {
    const { apiKey, info } = server.addKey({ scopes: ['model:read'] });
    const sut = client();
    const result = await sut.validate(apiKey, {
      serviceId: 'platform',
      requiredScope: 'model:read',
      clientIp: '203.0.113.10',
      requestId: 'req-1',
    });
    expect(result).toEqual({
      is_valid: true,
      key_id: info.key_id,
      user_id: 'admin',
      service_id: 'platform',
      scopes: ['model:read'],
      rate_limit_per_hour: 1000,
      billing_plan: 'free',
      monthly_prediction_limit: null,
      error: null,
      environment: 'production',
      expires_at: null,
    });
    const [sent] = server.requestsTo(VALIDATE);
    expect(sent.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(sent.headers['x-request-id']).toBe('req-1');
    expect(sent.body).toEqual({ service_id: 'platform', required_scope: 'model:read', client_ip: '203.0.113.10' });
  });

  it.each([
    ['an unknown key', 'hk_live_unknown', {}, 401, 'API key not found or invalid', 'INVALID_KEY'],
    ['another service', null, { serviceId: 'website' }, 401, 'API key not valid for service website', 'WRONG_SERVICE'],
    [
      'a missing scope',
      null,
      { requiredScope: 'admin' },
      401,
      'Insufficient scope: admin required',
      'INSUFFICIENT_SCOPE',
    ],
    ['no key at all', '', {}, 400, 'No API key provided', 'MISSING_KEY'],
  ])('refuses %s with the service detail and code', async (_case, key, context, status, detail, code) => {
    const { apiKey } = server.addKey({ scopes: ['model:read'] });
    const err = await failure(client().validate(key ?? apiKey, context));
    expect(err).toMatchObject({ status, detail, code });
  });

  it('passes a 429 through with Retry-After in seconds', async () => {
    const { apiKey } = server.addKey({ rate_limit_per_hour: 1 });
    const sut = client({ cacheTtlMs: 0 });
    await sut.validate(apiKey);
    expect(await failure(sut.validate(apiKey))).toMatchObject({
      status: 429,
      detail: 'Rate limit exceeded',
      code: 'RATE_LIMITED',
      retryAfter: 1800,
    });
  });

  describe('cache', () => {
    it('answers a repeated validation from the cache for 5 minutes by default', async () => {
      const { apiKey } = server.addKey();
      const sut = client();
      const first = await sut.validate(apiKey, { serviceId: 'platform' });
      clock += 5 * 60 * 1000 - 1;
      expect(await sut.validate(apiKey, { serviceId: 'platform' })).toEqual(first);
      expect(server.requestsTo(VALIDATE)).toHaveLength(1);
      clock += 1;
      await sut.validate(apiKey, { serviceId: 'platform' });
      expect(server.requestsTo(VALIDATE)).toHaveLength(2);
    });

    it('asks again when the scope or client IP differs', async () => {
      const { apiKey } = server.addKey();
      const sut = client();
      await sut.validate(apiKey, { serviceId: 'platform' });
      await sut.validate(apiKey, { serviceId: 'platform', requiredScope: 'model:read' });
      await sut.validate(apiKey, { serviceId: 'platform', clientIp: '198.51.100.7' });
      expect(server.requestsTo(VALIDATE)).toHaveLength(3);
    });

    it('drops every cached answer for a key when the service says 401', async () => {
      const { apiKey, info } = server.addKey();
      const sut = client();
      await sut.validate(apiKey, { serviceId: 'platform' });
      server.store.revoke(info.key_id);
      // Another context of the same key reaches the service and learns it is revoked...
      expect(await failure(sut.validate(apiKey, { serviceId: 'platform', clientIp: '198.51.100.7' }))).toMatchObject({
        code: 'REVOKED',
      });
      // ...so the first context is no longer answered from the cache.
      expect(await failure(sut.validate(apiKey, { serviceId: 'platform' }))).toMatchObject({
        status: 401,
        code: 'REVOKED',
      });
      expect(server.requestsTo(VALIDATE)).toHaveLength(3);
    });

    it('keeps cached validations working while the service is down, until their TTL', async () => {
      const { apiKey } = server.addKey();
      const logger = memoryLogger();
      const sut = client({ cacheMode: 'outage-only', logger });
      const first = await sut.validate(apiKey, { serviceId: 'platform' });
      await server.close();

      clock += 4 * 60 * 1000;
      expect(await sut.validate(apiKey, { serviceId: 'platform' })).toEqual(first);
      expect(logger.lines).toContain('warn: hokusai auth: service unavailable, using a cached validation');

      const other = await failure(sut.validate('hk_live_never_seen', { serviceId: 'platform' }));
      expect(other).toMatchObject({ status: 0, code: 'SERVICE_UNREACHABLE' });

      clock += 60 * 1000;
      expect(await failure(sut.validate(apiKey, { serviceId: 'platform' }))).toMatchObject({
        status: 0,
        code: 'SERVICE_UNREACHABLE',
      });
    });

    it('in outage-only mode asks the service every time while it is up', async () => {
      const { apiKey } = server.addKey();
      const sut = client({ cacheMode: 'outage-only' });
      await sut.validate(apiKey);
      await sut.validate(apiKey);
      expect(server.requestsTo(VALIDATE)).toHaveLength(2);
    });

    it('falls back to the cache on a 503 from the service, after the retries', async () => {
      const { apiKey } = server.addKey();
      const sut = client({ cacheMode: 'outage-only' });
      const first = await sut.validate(apiKey);
      server.fail(VALIDATE, 3, 503);
      expect(await sut.validate(apiKey)).toEqual(first);
      expect(server.requestsTo(VALIDATE)).toHaveLength(4);
    });

    it('does not cache when the TTL is 0, and forget() drops a key on demand', async () => {
      const { apiKey } = server.addKey();
      const off = client({ cacheTtlMs: 0 });
      await off.validate(apiKey);
      await off.validate(apiKey);
      const on = client();
      await on.validate(apiKey);
      on.forget(apiKey);
      await on.validate(apiKey);
      expect(server.requestsTo(VALIDATE)).toHaveLength(4);
    });
  });
});
