import request from 'supertest';
import { ApiKeyEntity } from '../src/keys/api-key.entity';
import { createTestApp, TestApp } from './harness/test-app';
import { TEST_ADMIN_TOKEN } from './harness/test-env';

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
const UUID = expect.stringMatching(/^[0-9a-f-]{36}$/);

describe('keys: create, get, list (CONTRACT.md "Keys")', () => {
  let sut: TestApp;
  const http = () => request(sut.app.getHttpServer());
  const create = (body: object) => http().post('/api/v1/keys').set(admin).send(body);
  const countKeys = () => sut.dataSource.getRepository(ApiKeyEntity).count();

  beforeAll(async () => {
    sut = await createTestApp();
  });
  afterAll(() => sut.close());

  it('creates a key with the contract defaults and shows it once', async () => {
    const res = await create({ name: 'ci', service_id: 'platform' }).expect(201);
    expect(res.body).toEqual({
      api_key: expect.stringMatching(/^hk_live_[0-9A-Za-z]{32}$/),
      key_id: UUID,
      key_info: {
        key_id: res.body.key_id,
        id: res.body.key_id,
        name: 'ci',
        key_prefix: `hk_live_${res.body.api_key.slice(8, 11)}***`,
        user_id: 'admin',
        service_id: 'platform',
        scopes: [],
        environment: 'production',
        is_active: true,
        rate_limit_per_hour: 1000,
        monthly_prediction_limit: null,
        billing_plan: 'free',
        created_at: ISO,
        expires_at: null,
        last_used_at: null,
        allowed_ips: [],
        burst_limit_per_second: null,
        revoked_at: null,
        rotated_to: null,
        rotated_from: null,
      },
    });
    const got = await http().get(`/api/v1/keys/${res.body.key_id}`).set(admin).expect(200);
    expect(got.body).toEqual(res.body.key_info);
    const row = await sut.dataSource.getRepository(ApiKeyEntity).findOneByOrFail({ id: res.body.key_id });
    expect(row.keyHash).toMatch(/^\$2[aby]\$04\$/);
    expect(row.keyHash).not.toContain(res.body.api_key);
    expect(JSON.stringify(got.body)).not.toContain(row.keyHash);
    expect(JSON.stringify(got.body)).not.toContain(row.lookupDigest);
    expect(JSON.stringify(got.body)).not.toContain(res.body.api_key);
  });

  it('takes every optional field, normalising the allowlist and the environment prefix', async () => {
    const res = await create({
      name: 'full',
      service_id: 'prediction',
      scopes: ['model:read', 'model:read', 'predict'],
      environment: 'test',
      expires_in_days: 30,
      rate_limit_per_hour: 10,
      monthly_prediction_limit: 0,
      burst_limit_per_second: 5,
      allowed_ips: ['10.0.0.7/24', '203.0.113.9', '2001:DB8::1', '::ffff:192.0.2.1'],
      billing_plan: 'pro',
      user_id: 'user-42',
      model_id: 'ignored unknown field',
    }).expect(201);
    expect(res.body.api_key).toMatch(/^hk_test_/);
    expect(res.body.key_info).toEqual(
      expect.objectContaining({
        scopes: ['model:read', 'predict'],
        environment: 'test',
        rate_limit_per_hour: 10,
        monthly_prediction_limit: 0,
        burst_limit_per_second: 5,
        allowed_ips: ['10.0.0.0/24', '203.0.113.9', '2001:db8::1', '192.0.2.1'],
        billing_plan: 'pro',
        user_id: 'user-42',
        expires_at: ISO,
      }),
    );
    const days = (Date.parse(res.body.key_info.expires_at) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    const got = await http().get(`/api/v1/keys/${res.body.key_id}`).set(admin).expect(200);
    expect(got.body.allowed_ips).toEqual(['10.0.0.0/24', '203.0.113.9', '2001:db8::1', '192.0.2.1']);
  });

  it('treats null optional fields as absent', async () => {
    const res = await create({
      name: 'nulls',
      service_id: 'website',
      scopes: null,
      environment: null,
      expires_in_days: null,
      expires_at: null,
      rate_limit_per_hour: null,
      monthly_prediction_limit: null,
      allowed_ips: null,
      billing_plan: null,
      user_id: null,
    }).expect(201);
    expect(res.body.key_info).toEqual(
      expect.objectContaining({
        scopes: [],
        environment: 'production',
        expires_at: null,
        rate_limit_per_hour: 1000,
        monthly_prediction_limit: null,
        allowed_ips: [],
        billing_plan: 'free',
        user_id: 'admin',
      }),
    );
    expect(res.body.api_key).toMatch(/^hk_live_/);
  });

  it.each([
    ['development', 'hk_dev_'],
    ['test', 'hk_test_'],
  ])('uses the %s prefix', async (environment, prefix) => {
    const res = await create({ name: 'env', service_id: 'platform', environment }).expect(201);
    expect(res.body.api_key.startsWith(prefix)).toBe(true);
    expect(res.body.key_info.key_prefix).toMatch(new RegExp(`^${prefix}[0-9A-Za-z]{3}\\*\\*\\*$`));
  });

  it('accepts expires_at as a timestamp and in the original CLI form <timestamp>+<N>d', async () => {
    const at = new Date(Date.now() + 10 * 86_400_000).toISOString().replace('Z', '');
    const abs = await create({ name: 'abs', service_id: 'platform', expires_at: at }).expect(201);
    expect(Date.parse(abs.body.key_info.expires_at)).toBe(Date.parse(at + 'Z'));
    const rel = await create({
      name: 'rel',
      service_id: 'platform',
      expires_at: '2026-11-25T10:00:00.123456+30d',
    }).expect(201);
    const days = (Date.parse(rel.body.key_info.expires_at) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
  });

  describe('bad input is a 422 at the field and creates nothing', () => {
    const cases: [string, object, (string | number)[], string?][] = [
      ['missing name', { service_id: 'platform' }, ['body', 'name'], 'missing'],
      ['missing service_id', { name: 'x' }, ['body', 'service_id'], 'missing'],
      ['empty name', { name: '', service_id: 'platform' }, ['body', 'name']],
      ['long name', { name: 'x'.repeat(101), service_id: 'platform' }, ['body', 'name']],
      ['name with NUL', { name: 'a\u0000b', service_id: 'platform' }, ['body', 'name']],
      ['name not a string', { name: 5, service_id: 'platform' }, ['body', 'name']],
      ['unknown service', { name: 'x', service_id: 'billing' }, ['body', 'service_id'], 'enum'],
      [
        'unknown environment',
        { name: 'x', service_id: 'platform', environment: 'staging' },
        ['body', 'environment'],
        'enum',
      ],
      [
        'rate limit 9',
        { name: 'x', service_id: 'platform', rate_limit_per_hour: 9 },
        ['body', 'rate_limit_per_hour'],
        'greater_than_equal',
      ],
      [
        'rate limit 100001',
        { name: 'x', service_id: 'platform', rate_limit_per_hour: 100001 },
        ['body', 'rate_limit_per_hour'],
        'less_than_equal',
      ],
      [
        'rate limit float',
        { name: 'x', service_id: 'platform', rate_limit_per_hour: 10.5 },
        ['body', 'rate_limit_per_hour'],
      ],
      [
        'rate limit string',
        { name: 'x', service_id: 'platform', rate_limit_per_hour: '1000' },
        ['body', 'rate_limit_per_hour'],
      ],
      ['expires_in_days 0', { name: 'x', service_id: 'platform', expires_in_days: 0 }, ['body', 'expires_in_days']],
      ['expires_in_days 366', { name: 'x', service_id: 'platform', expires_in_days: 366 }, ['body', 'expires_in_days']],
      [
        'expires_at in the past',
        { name: 'x', service_id: 'platform', expires_at: '2020-01-01T00:00:00Z' },
        ['body', 'expires_at'],
      ],
      [
        'expires_at too far',
        { name: 'x', service_id: 'platform', expires_at: '2099-01-01T00:00:00Z' },
        ['body', 'expires_at'],
      ],
      [
        'expires_at +400d',
        { name: 'x', service_id: 'platform', expires_at: '2026-11-25T10:00:00+400d' },
        ['body', 'expires_at'],
      ],
      ['expires_at garbage+30d', { name: 'x', service_id: 'platform', expires_at: 'soon+30d' }, ['body', 'expires_at']],
      [
        'both expiries',
        { name: 'x', service_id: 'platform', expires_in_days: 5, expires_at: '2026-11-25T10:00:00+30d' },
        ['body', 'expires_at'],
      ],
      [
        'negative monthly limit',
        { name: 'x', service_id: 'platform', monthly_prediction_limit: -1 },
        ['body', 'monthly_prediction_limit'],
      ],
      [
        'huge monthly limit',
        { name: 'x', service_id: 'platform', monthly_prediction_limit: 1e12 },
        ['body', 'monthly_prediction_limit'],
      ],
      [
        '51 scopes',
        { name: 'x', service_id: 'platform', scopes: Array.from({ length: 51 }, (_, i) => `s${i}`) },
        ['body', 'scopes'],
      ],
      ['empty scope', { name: 'x', service_id: 'platform', scopes: [''] }, ['body', 'scopes']],
      ['scopes not a list', { name: 'x', service_id: 'platform', scopes: 'model:read' }, ['body', 'scopes']],
      [
        'bad ip',
        { name: 'x', service_id: 'platform', allowed_ips: ['10.0.0.1', '10.0.0.300'] },
        ['body', 'allowed_ips'],
      ],
      [
        '101 ips',
        { name: 'x', service_id: 'platform', allowed_ips: Array.from({ length: 101 }, (_, i) => `10.0.0.${i}`) },
        ['body', 'allowed_ips'],
      ],
      [
        'long billing plan',
        { name: 'x', service_id: 'platform', billing_plan: 'p'.repeat(51) },
        ['body', 'billing_plan'],
      ],
      ['empty user_id', { name: 'x', service_id: 'platform', user_id: '' }, ['body', 'user_id']],
    ];

    // Object rows: a 3-element array row would hand jest a `done` callback in place of the missing `type`.
    it.each(cases.map(([label, body, loc, type]) => ({ label, body, loc, type })))(
      '$label',
      async ({ body, loc, type }) => {
        const before = await countKeys();
        const res = await create(body).expect(422);
        expect(res.body.detail).toEqual(
          expect.arrayContaining([expect.objectContaining({ loc, ...(type ? { type } : {}) })]),
        );
        expect(await countKeys()).toBe(before);
      },
    );

    it('names the offending allowlist entry', async () => {
      const res = await create({ name: 'x', service_id: 'platform', allowed_ips: ['10.0.0.1', 'testclient'] }).expect(
        422,
      );
      expect(res.body.detail[0].msg).toContain('allowed_ips[1]');
      expect(res.body.detail[0].msg).toContain('testclient');
    });
  });

  it('answers 422 for a non-uuid id and 404 for an unknown one', async () => {
    const bad = await http().get('/api/v1/keys/not-a-uuid').set(admin).expect(422);
    expect(bad.body.detail).toEqual([expect.objectContaining({ loc: ['path', 'key_id'] })]);
    const missing = await http().get('/api/v1/keys/00000000-0000-4000-8000-000000000000').set(admin).expect(404);
    expect(missing.body).toEqual({ detail: 'API key not found' });
  });
});
