import { HokusaiAuthClient } from './hokusai-auth.client';
import { HokusaiAuthError } from './hokusai-auth.error';
import { closedPortUrl, FakeHokusaiServer } from './testing/fake-hokusai-server';

const KEY_INFO = {
  key_id: expect.any(String),
  id: expect.any(String),
  name: 'ci',
  key_prefix: expect.stringMatching(/^hk_test_[0-9A-Za-z]{3}\*\*\*$/),
  user_id: 'admin',
  service_id: 'prediction',
  scopes: ['predict'],
  environment: 'test',
  is_active: true,
  rate_limit_per_hour: 500,
  monthly_prediction_limit: null,
  billing_plan: 'free',
  burst_limit_per_second: null,
  created_at: expect.stringMatching(/\+00:00$/),
  expires_at: expect.stringMatching(/\+00:00$/),
  last_used_at: null,
  allowed_ips: ['203.0.113.10'],
  revoked_at: null,
  rotated_to: null,
  rotated_from: null,
};

async function failure(promise: Promise<unknown>): Promise<HokusaiAuthError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof HokusaiAuthError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('HokusaiAuthClient', () => {
  let server: FakeHokusaiServer;
  let sut: HokusaiAuthClient;

  beforeEach(async () => {
    server = new FakeHokusaiServer();
    const baseUrl = await server.listen();
    sut = new HokusaiAuthClient({ baseUrl, adminToken: server.adminToken, retryBaseDelayMs: 1, retryMaxDelayMs: 5 });
  });
  afterEach(() => server.close());

  describe('key management', () => {
    it('creates a key with the admin token and the contract body, and returns the 201 body', async () => {
      const created = await sut.createKey({
        name: 'ci',
        service_id: 'prediction',
        environment: 'test',
        scopes: ['predict'],
        rate_limit_per_hour: 500,
        allowed_ips: ['203.0.113.10'],
        expires_in_days: 30,
      });
      expect(created).toEqual({
        api_key: expect.stringMatching(/^hk_test_/),
        key_id: expect.any(String),
        key_info: KEY_INFO,
      });
      const [sent] = server.requestsTo('/api/v1/keys');
      expect(sent.method).toBe('POST');
      expect(sent.headers.authorization).toBe(`Bearer ${server.adminToken}`);
      expect(sent.headers['content-type']).toBe('application/json');
      expect(sent.body).toEqual({
        name: 'ci',
        service_id: 'prediction',
        environment: 'test',
        scopes: ['predict'],
        rate_limit_per_hour: 500,
        allowed_ips: ['203.0.113.10'],
        expires_in_days: 30,
      });
    });

    it('lists with query parameters, gets, rotates and revokes', async () => {
      const { info } = server.addKey({ name: 'a', service_id: 'website' });
      server.addKey({ name: 'b', service_id: 'platform' });
      expect((await sut.listKeys({ service_id: 'website', active_only: true })).map((k) => k.name)).toEqual(['a']);
      expect(server.requestsTo('/api/v1/keys')[0].query.toString()).toBe('service_id=website&active_only=true');
      expect(await sut.getKey(info.key_id)).toEqual(info);

      const rotated = await sut.rotateKey(info.key_id, { grace_period_hours: 24 });
      expect(rotated).toEqual({
        api_key: expect.stringMatching(/^hk_live_/),
        key_id: expect.any(String),
        key_info: expect.objectContaining({ name: 'a', rotated_from: info.key_id }),
        previous_key_id: info.key_id,
        previous_key_valid_until: expect.stringMatching(/\+00:00$/),
      });
      expect(server.requestsTo(`/api/v1/keys/${info.key_id}/rotate`)[0].body).toEqual({ grace_period_hours: 24 });

      expect(await sut.revokeKey(rotated.key_id)).toEqual({ message: 'API key revoked successfully' });
      expect((await sut.getKey(rotated.key_id)).is_active).toBe(false);
    });

    it('rotates without a body when no grace period is asked for', async () => {
      const { info } = server.addKey();
      const rotated = await sut.rotateKey(info.key_id);
      expect(rotated.previous_key_valid_until).toBeNull();
      expect(server.requestsTo(`/api/v1/keys/${info.key_id}/rotate`)[0].body).toBeUndefined();
    });

    it('records usage and reads stats and billing', async () => {
      const { info } = server.addKey();
      const event = {
        service_id: 'platform',
        endpoint: '/predict',
        status_code: 200,
        response_time_ms: 12,
        predictions_count: 3,
      };
      expect(await sut.recordUsage(info.key_id, event)).toEqual({ message: 'Usage recorded successfully' });
      expect(await sut.stats(info.key_id, '2026-11')).toEqual({
        key_id: info.key_id,
        period: '2026-11',
        total_requests: 1,
        total_predictions: 3,
        total_compute_ms: 0,
        average_response_time_ms: 12,
        error_rate: 0,
        top_endpoints: [{ endpoint: '/predict', count: 1 }],
      });
      expect(server.requestsTo(`/api/v1/usage/${info.key_id}/stats`)[0].query.get('period')).toBe('2026-11');
      expect(await sut.billing(info.key_id)).toEqual({
        key_id: info.key_id,
        billing_plan: 'free',
        current_usage: { requests: 1, predictions: 3, compute_ms: 0 },
        monthly_limit: null,
        overage_charges: 0,
        next_billing_date: expect.stringMatching(/-01T00:00:00\.000\+00:00$/),
      });
    });
  });

  describe('errors', () => {
    it('turns a 401 into a HokusaiAuthError with the service detail', async () => {
      const bad = new HokusaiAuthClient({ baseUrl: server.url, adminToken: 'wrong' });
      const err = await failure(bad.listKeys());
      expect(err).toMatchObject({ status: 401, detail: 'Invalid or missing admin token', code: undefined });
      expect(err.unavailable).toBe(false);
    });

    it('summarises a 422 list and keeps its entries', async () => {
      const err = await failure(sut.createKey({ name: '', service_id: 'nope' as 'platform', rate_limit_per_hour: 5 }));
      expect(err.status).toBe(422);
      expect(err.errors?.map((e) => e.loc.join('.'))).toEqual([
        'body.name',
        'body.service_id',
        'body.rate_limit_per_hour',
      ]);
      expect(err.detail).toBe(
        'body.name: Invalid value for name; body.service_id: Invalid value for service_id; ' +
          'body.rate_limit_per_hour: Invalid value for rate_limit_per_hour',
      );
    });

    it('passes 404 and 409 details through', async () => {
      expect(await failure(sut.getKey('6f1c1d2e-8c53-4a51-9a56-2f0f6d1e5a11'))).toMatchObject({
        status: 404,
        detail: 'API key not found',
      });
      const { info } = server.addKey();
      await sut.revokeKey(info.key_id);
      expect(await failure(sut.rotateKey(info.key_id))).toMatchObject({ status: 409, detail: 'API key is revoked' });
    });

    it('gives up after the timeout, as a TIMEOUT with status 0, without retrying', async () => {
      server.delay('/api/v1/keys', 10_000);
      const slow = new HokusaiAuthClient({ baseUrl: server.url, adminToken: server.adminToken, timeoutMs: 50 });
      const err = await failure(slow.listKeys());
      expect(err).toMatchObject({ status: 0, code: 'TIMEOUT' });
      expect(err.unavailable).toBe(true);
      expect(server.requestsTo('/api/v1/keys')).toHaveLength(1);
    });

    it('reports a closed port as SERVICE_UNREACHABLE after retrying', async () => {
      const down = new HokusaiAuthClient({ baseUrl: await closedPortUrl(), retryBaseDelayMs: 1, retryMaxDelayMs: 2 });
      const err = await failure(down.listKeys());
      expect(err).toMatchObject({ status: 0, code: 'SERVICE_UNREACHABLE' });
      expect(err.detail).toMatch(/^Cannot reach the auth service at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/);
    });
  });

  describe('retries', () => {
    it('retries an idempotent call on 5xx until it succeeds', async () => {
      server.addKey();
      server.fail('/api/v1/keys', 2, 503);
      expect(await sut.listKeys()).toHaveLength(1);
      expect(server.requestsTo('/api/v1/keys')).toHaveLength(3);
    });

    it('stops after the configured number of retries with the last 5xx', async () => {
      server.fail('/api/v1/keys', 10, 502);
      const err = await failure(sut.listKeys());
      expect(err).toMatchObject({ status: 502, detail: 'Service temporarily unavailable' });
      expect(server.requestsTo('/api/v1/keys')).toHaveLength(3);
    });

    it('never retries a 4xx', async () => {
      const bad = new HokusaiAuthClient({ baseUrl: server.url, adminToken: 'wrong', retryBaseDelayMs: 1 });
      await failure(bad.listKeys());
      expect(server.requestsTo('/api/v1/keys')).toHaveLength(1);
    });

    it('never retries key creation or rotation', async () => {
      server.fail('/api/v1/keys', 1, 503);
      expect(await failure(sut.createKey({ name: 'x', service_id: 'platform' }))).toMatchObject({ status: 503 });
      expect(server.requestsTo('/api/v1/keys')).toHaveLength(1);
      const { info } = server.addKey();
      server.fail(`/api/v1/keys/${info.key_id}/rotate`, 1, 500);
      expect(await failure(sut.rotateKey(info.key_id))).toMatchObject({ status: 500 });
      expect(server.requestsTo(`/api/v1/keys/${info.key_id}/rotate`)).toHaveLength(1);
    });

    it('retries validation and usage events that carry an idempotency key', async () => {
      const { apiKey, info } = server.addKey();
      server.fail('/api/v1/keys/validate', 1, 503);
      expect((await sut.validate(apiKey)).key_id).toBe(info.key_id);
      server.fail(`/api/v1/usage/${info.key_id}`, 1, 503);
      const event = {
        service_id: 'platform',
        endpoint: '/x',
        status_code: 200,
        response_time_ms: 1,
        idempotency_key: 'e-1',
      };
      await sut.recordUsage(info.key_id, event);
      expect(server.usageOf(info.key_id)).toEqual([event]);
    });
  });
});
