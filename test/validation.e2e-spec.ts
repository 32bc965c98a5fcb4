import request from 'supertest';
import { generateKey } from '../src/common/keys/key-format';
import { MetricsService } from '../src/common/metrics/metrics.service';
import { KeyHasher } from '../src/keys/key-hasher';
import { KeysRepository } from '../src/keys/keys.repository';
import { LastUsedRecorder } from '../src/keys/last-used.recorder';
import { Clock } from '../src/common/time/clock';
import { createKey } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';
import { ADMIN, createKeyViaApi, SteppingClock, validate } from './harness/validation-kit';

const UUID = expect.stringMatching(/^[0-9a-f-]{36}$/);
/** Every refusal carries is_valid false and error equal to detail (CONTRACT.md "Validation"; issue 16 item 7). */
const refused = (detail: string, code: string) => ({ detail, code, is_valid: false, error: detail });

describe('POST /api/v1/keys/validate (CONTRACT.md "Validation")', () => {
  let sut: TestApp;
  const clock = new SteppingClock();
  const http = () => request(sut.app.getHttpServer());
  const compares = async () => (await sut.app.get(MetricsService).bcryptCompares.get()).values[0]?.value ?? 0;

  beforeAll(async () => {
    sut = await createTestApp({ overrides: [[Clock, clock]] });
  });
  afterAll(() => sut.close());
  afterEach(() => {
    clock.at = Date.now();
    jest.restoreAllMocks();
  });

  it('accepts a fresh key and answers with the contract fields and rate-limit headers', async () => {
    const key = await createKeyViaApi(sut, { scopes: ['model:read'] });
    const res = await validate(sut, key.api_key, { service_id: 'platform', client_ip: '203.0.113.10' }).expect(200);
    expect(res.body).toEqual({
      is_valid: true,
      key_id: key.key_id,
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
    const resetAt = (Math.floor(clock.at / 3_600_000) + 1) * 3600;
    const toReset = Math.ceil(resetAt - clock.at / 1000);
    expect(res.headers['x-ratelimit-limit']).toBe('1000');
    expect(res.headers['x-ratelimit-remaining']).toBe('999');
    expect(res.headers['x-ratelimit-reset']).toBe(String(resetAt));
    expect(res.headers['ratelimit-policy']).toBe('"hourly";q=1000;w=3600');
    expect(res.headers['ratelimit']).toBe(`"hourly";r=999;t=${toReset}`);
    expect(res.headers['retry-after']).toBeUndefined();
  });

  describe('key sources and their precedence', () => {
    let key: string;
    beforeAll(async () => {
      key = (await createKeyViaApi(sut)).api_key;
    });

    it('takes X-API-Key, the body and the query', async () => {
      await http().post('/api/v1/keys/validate').set('X-API-Key', key).send().expect(200);
      await http()
        .post('/api/v1/keys/validate')
        .send({ api_key: key, service_id: 'platform', model_id: null })
        .expect(200);
      await http().post(`/api/v1/keys/validate?api_key=${key}`).send({}).expect(200);
    });

    it('Bearer wins over X-API-Key, which wins over the body, which wins over the query', async () => {
      const wrong = generateKey('production');
      await http()
        .post('/api/v1/keys/validate')
        .set('Authorization', `Bearer ${key}`)
        .set('X-API-Key', wrong)
        .expect(200);
      await http()
        .post('/api/v1/keys/validate')
        .set('Authorization', `Bearer ${wrong}`)
        .set('X-API-Key', key)
        .expect(401);
      await http().post('/api/v1/keys/validate').set('X-API-Key', wrong).send({ api_key: key }).expect(401);
      await http().post(`/api/v1/keys/validate?api_key=${key}`).send({ api_key: wrong }).expect(401);
    });

    it('without a key anywhere: 400 MISSING_KEY', async () => {
      const res = await http()
        .post('/api/v1/keys/validate')
        .set('Authorization', 'Basic abc')
        .send({ api_key: null })
        .expect(400);
      expect(res.body).toEqual(refused('No API key provided', 'MISSING_KEY'));
    });
  });

  describe('unknown and malformed keys', () => {
    const invalid = refused('API key not found or invalid', 'INVALID_KEY');

    it.each([
      ['garbage', 'not-a-key'],
      ['wrong prefix', 'hk_prod_' + 'a'.repeat(32)],
      ['too short', 'hk_live_abc'],
    ])('%s: 401 INVALID_KEY with a Bearer challenge', async (_label, presented) => {
      const res = await validate(sut, presented).expect(401);
      expect(res.body).toEqual(invalid);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });

    it('a checksum failure is refused without touching the database', async () => {
      const lookups = jest.spyOn(sut.app.get(KeysRepository), 'findManyByLookup');
      const good = (await createKeyViaApi(sut)).api_key;
      const typo = good.slice(0, 20) + (good[20] === 'a' ? 'b' : 'a') + good.slice(21);
      const res = await validate(sut, typo).expect(401);
      expect(res.body).toEqual(invalid);
      expect(lookups).not.toHaveBeenCalled();
    });

    it('a well-formed unknown key costs no bcrypt compare, and a repeat not even a query', async () => {
      const lookups = jest.spyOn(sut.app.get(KeysRepository), 'findManyByLookup');
      const before = await compares();
      const unknown = generateKey('production');
      expect((await validate(sut, unknown).expect(401)).body).toEqual(invalid);
      expect((await validate(sut, unknown).expect(401)).body).toEqual(invalid);
      expect(lookups).toHaveBeenCalledTimes(1);
      expect(await compares()).toBe(before);
    });

    it('concurrent cold lookups, known and unknown, each get their own row from shared queries', async () => {
      const lookups = jest.spyOn(sut.app.get(KeysRepository), 'findManyByLookup');
      const cold = await Promise.all([createKey(sut.dataSource), createKey(sut.dataSource)]);
      const unknown = Array.from({ length: 20 }, () => generateKey('production'));
      const presented = [...unknown.slice(0, 10), cold[0].plaintext, ...unknown.slice(10), cold[1].plaintext];
      const answers = await Promise.all(presented.map((k) => validate(sut, k)));
      expect(answers.map((r) => r.status)).toEqual([...Array(10).fill(401), 200, ...Array(10).fill(401), 200]);
      expect([answers[10].body.key_id, answers[21].body.key_id]).toEqual([cold[0].id, cold[1].id]);
      // Every presented key was looked up exactly once, however the requests fell into batches.
      expect(lookups.mock.calls.flatMap(([digests]) => digests)).toHaveLength(presented.length);
    });

    it('a key not yet cached costs exactly one bcrypt compare, however many validations race for it', async () => {
      const { plaintext } = await createKey(sut.dataSource);
      const hasher = jest.spyOn(sut.app.get(KeyHasher), 'compare');
      const answers = await Promise.all(Array.from({ length: 10 }, () => validate(sut, plaintext)));
      expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(hasher).toHaveBeenCalledTimes(1);
      await validate(sut, plaintext).expect(200);
      expect(hasher).toHaveBeenCalledTimes(1);
    });
  });

  describe('key status', () => {
    it('a revoked key is refused at once, though its validation was cached', async () => {
      const key = await createKeyViaApi(sut);
      await validate(sut, key.api_key).expect(200);
      await http().delete(`/api/v1/keys/${key.key_id}`).set(ADMIN).expect(200);
      const res = await validate(sut, key.api_key).expect(401);
      expect(res.body).toEqual(refused('API key is inactive', 'REVOKED'));
    });

    it('a validation that arrives after a revocation reads its own row, even while sharing a cold compare begun before it', async () => {
      const { id, plaintext } = await createKey(sut.dataSource);
      const hasher = sut.app.get(KeyHasher);
      const original = hasher.compare.bind(hasher);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const compareStarted = new Promise<void>((resolve) => (started = resolve));
      jest.spyOn(hasher, 'compare').mockImplementationOnce(async (...args) => {
        started();
        await held;
        return original(...args);
      });
      const early = validate(sut, plaintext).then((r) => r.status);
      await compareStarted;
      await http().delete(`/api/v1/keys/${id}`).set(ADMIN).expect(200);
      const pendingLate = validate(sut, plaintext).then((r) => r);
      // Time for the late request to read the revoked row and join the compare still held for the early one.
      await new Promise((resolve) => setTimeout(resolve, 100));
      release();
      const late = await pendingLate;
      expect(late.status).toBe(401);
      expect(late.body.code).toBe('REVOKED');
      expect(await early).toBe(200);
      expect((await validate(sut, plaintext).expect(401)).body.code).toBe('REVOKED');
    });

    it('rotation: the old key dies at once without grace; the successor is valid from its first call', async () => {
      const key = await createKeyViaApi(sut);
      await validate(sut, key.api_key).expect(200);
      const rotated = await http().post(`/api/v1/keys/${key.key_id}/rotate`).set(ADMIN).send({}).expect(200);
      expect((await validate(sut, key.api_key).expect(401)).body.code).toBe('REVOKED');
      const hasher = jest.spyOn(sut.app.get(KeyHasher), 'compare');
      expect((await validate(sut, rotated.body.api_key).expect(200)).body.key_id).toBe(rotated.body.key_id);
      expect(hasher).not.toHaveBeenCalled();
    });

    it('rotation with grace: the old key stays valid until its grace ends', async () => {
      const key = await createKeyViaApi(sut);
      await validate(sut, key.api_key).expect(200);
      await http().post(`/api/v1/keys/${key.key_id}/rotate`).set(ADMIN).send({ grace_period_hours: 2 }).expect(200);
      await validate(sut, key.api_key).expect(200);
      clock.at = Date.now() + 2 * 3_600_000 + 1000;
      expect((await validate(sut, key.api_key).expect(401)).body.code).toBe('REVOKED');
    });

    it('an expired key is refused from the moment it expires, whatever the cache holds', async () => {
      const expiresAt = new Date(Date.now() + 60_000);
      const { plaintext } = await createKey(sut.dataSource, { expiresAt });
      const ok = await validate(sut, plaintext).expect(200);
      expect(ok.body.expires_at).toBe(expiresAt.toISOString().replace('Z', '+00:00'));
      clock.at = expiresAt.getTime();
      expect((await validate(sut, plaintext).expect(401)).body).toEqual(refused('API key has expired', 'EXPIRED'));
    });

    it('a key for another service is refused, naming the service asked for', async () => {
      const key = await createKeyViaApi(sut, { service_id: 'prediction' });
      await validate(sut, key.api_key, { service_id: 'prediction' }).expect(200);
      const res = await validate(sut, key.api_key, { service_id: 'website' }).expect(401);
      expect(res.body).toEqual(refused('API key not valid for service website', 'WRONG_SERVICE'));
    });
  });

  describe('scopes', () => {
    it.each([
      [[], 'anything:at-all', 200],
      [['model:read'], 'model:read', 200],
      [['model:read'], 'model:write', 401],
      [['*'], 'billing:admin', 200],
      [['model:*'], 'model:write', 200],
      [['model:*'], 'modelx:write', 401],
      [['model:*'], 'data:read', 401],
    ] as const)('scopes %j, required %s: %i', async (scopes, required, status) => {
      const key = await createKeyViaApi(sut, { scopes: [...scopes] });
      const res = await validate(sut, key.api_key, { required_scope: required }).expect(status);
      if (status === 401)
        expect(res.body).toEqual(refused(`Insufficient scope: ${required} required`, 'INSUFFICIENT_SCOPE'));
    });
  });

  describe('IP allowlist', () => {
    it.each([
      ['IPv4 exact', ['192.168.1.100'], '192.168.1.100', 200],
      ['IPv4 outside', ['192.168.1.100'], '192.168.1.101', 401],
      ['IPv4 CIDR', ['10.0.0.0/8'], '10.20.30.40', 200],
      ['IPv4 CIDR outside', ['10.0.0.0/8'], '11.0.0.1', 401],
      ['IPv6 exact', ['2001:db8::1'], '2001:db8:0:0::1', 200],
      ['IPv6 CIDR', ['2001:db8::/32'], '2001:db8:abcd::7', 200],
      ['IPv6 CIDR outside', ['2001:db8::/32'], '2001:db9::1', 401],
      ['IPv4-mapped IPv6 matches its IPv4 form', ['10.0.0.0/8'], '::ffff:10.1.2.3', 200],
      ['IPv4 against an IPv6 list', ['2001:db8::/32'], '10.1.2.3', 401],
    ])('%s', async (_label, allowed, clientIp, status) => {
      const key = await createKeyViaApi(sut, { allowed_ips: allowed });
      const res = await validate(sut, key.api_key, { client_ip: clientIp }).expect(status);
      if (status === 401) expect(res.body).toEqual(refused('IP address not allowed', 'IP_NOT_ALLOWED'));
    });

    it('a client_ip that is no address falls back to the connection address and never errors', async () => {
      const local = await createKeyViaApi(sut, { allowed_ips: ['127.0.0.1', '::1'] });
      await validate(sut, local.api_key, { client_ip: 'testclient' }).expect(200);
      const remote = await createKeyViaApi(sut, { allowed_ips: ['10.0.0.0/8'] });
      await validate(sut, remote.api_key, { client_ip: 'testclient' }).expect(401);
      await validate(sut, remote.api_key, { client_ip: '10.0.0.300' }).expect(401);
    });

    it('the checks run in the contract order: scope before IP', async () => {
      const key = await createKeyViaApi(sut, { allowed_ips: ['10.0.0.0/8'], scopes: ['a'] });
      expect(
        (await validate(sut, key.api_key, { required_scope: 'b', client_ip: '11.0.0.1' }).expect(401)).body.code,
      ).toBe('INSUFFICIENT_SCOPE');
    });
  });

  describe('hourly rate limit', () => {
    it('allows exactly the limit, then 429 with Retry-After; refusals count nothing; a new hour resets', async () => {
      clock.at = Math.floor(Date.now() / 3_600_000) * 3_600_000 + 3_600_000 + 5_000;
      const key = await createKeyViaApi(sut, { rate_limit_per_hour: 10 });
      await validate(sut, key.api_key, { service_id: 'website' }).expect(401);
      for (let i = 0; i < 10; i++) {
        const ok = await validate(sut, key.api_key).expect(200);
        expect(ok.headers['x-ratelimit-remaining']).toBe(String(9 - i));
      }
      const refusal = await validate(sut, key.api_key).expect(429);
      expect(refusal.body).toEqual(refused('Rate limit exceeded', 'RATE_LIMITED'));
      expect(refusal.headers['retry-after']).toBe('3595');
      expect(refusal.headers['x-ratelimit-remaining']).toBe('0');
      expect(refusal.headers['ratelimit']).toBe('"hourly";r=0;t=3595');
      clock.at += 3_600_000;
      const next = await validate(sut, key.api_key).expect(200);
      expect(next.headers['x-ratelimit-remaining']).toBe('9');
    });

    it('a burst limit per second refuses past it without spending the hourly budget', async () => {
      const { plaintext } = await createKey(sut.dataSource, { rateLimitPerHour: 100, burstLimitPerSecond: 2 });
      clock.at = Math.floor(Date.now() / 1000) * 1000 + 10 * 3_600_000;
      await validate(sut, plaintext).expect(200);
      await validate(sut, plaintext).expect(200);
      const refusal = await validate(sut, plaintext).expect(429);
      // Its own window's headers, not only Retry-After (issue 16 item 10).
      expect(refusal.body).toEqual(refused('Rate limit exceeded', 'RATE_LIMITED'));
      expect(refusal.headers).toMatchObject({
        'retry-after': '1',
        'x-ratelimit-limit': '2',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(clock.at / 1000 + 1),
        'ratelimit-policy': '"burst";q=2;w=1',
        ratelimit: '"burst";r=0;t=1',
      });
      clock.at += 1000;
      expect((await validate(sut, plaintext).expect(200)).headers['x-ratelimit-remaining']).toBe('97');
    });
  });

  describe('bad input', () => {
    // Validation never answers 422 (CONTRACT.md "Validation"; issue 16 item 6): a field no key can match refuses.
    it.each([
      ['service_id a number', { service_id: 5 }, refused('API key not valid for service 5', 'WRONG_SERVICE')],
      [
        'service_id of 300 characters',
        { service_id: 's'.repeat(300) },
        refused(`API key not valid for service ${'s'.repeat(100)}…`, 'WRONG_SERVICE'),
      ],
      [
        'required_scope too long, even for a key without scopes',
        { required_scope: 'x'.repeat(101) },
        refused(`Insufficient scope: ${'x'.repeat(100)}… required`, 'INSUFFICIENT_SCOPE'),
      ],
    ])('%s: 401, nothing counted', async (_label, body, expected) => {
      const key = await createKeyViaApi(sut);
      const res = await validate(sut, key.api_key, body).expect(401);
      expect(res.body).toEqual(expected);
      expect((await validate(sut, key.api_key).expect(200)).headers['x-ratelimit-remaining']).toBe('999');
    });

    it.each([
      ['a key of 300 characters', 'hk_live_'.padEnd(300, 'x')],
      ['a key of 20,000 characters', 'x'.repeat(20_000)],
    ])('%s is INVALID_KEY, not a 422', async (_label, key) => {
      const res = await http().post('/api/v1/keys/validate').send({ api_key: key }).expect(401);
      expect(res.body).toEqual(refused('API key not found or invalid', 'INVALID_KEY'));
    });

    it.each([
      ['an object', { a: 1 }],
      ['65 characters', '1'.repeat(65)],
      ['a 300-character text', `10.0.0.1${' '.repeat(292)}`],
    ])('a client_ip that is %s is ignored: the connection address decides', async (_label, clientIp) => {
      const { plaintext } = await createKey(sut.dataSource, { allowedIps: ['127.0.0.1', '::1'] });
      await validate(sut, plaintext, { client_ip: clientIp }).expect(200);
    });

    it.each(['[1,2]', '"text"', '42', 'null'])('a body that is not an object (%s) is read as empty', async (raw) => {
      const key = await createKeyViaApi(sut);
      const res = await http()
        .post('/api/v1/keys/validate')
        .set('Authorization', `Bearer ${key.api_key}`)
        .set('Content-Type', 'application/json')
        .send(raw)
        .expect(200);
      expect(res.body.key_id).toBe(key.key_id);
    });
  });

  it('writes last_used_at later, in a batch, never on the request path', async () => {
    const key = await createKeyViaApi(sut);
    await validate(sut, key.api_key).expect(200);
    const before = await http().get(`/api/v1/keys/${key.key_id}`).set(ADMIN).expect(200);
    expect(before.body.last_used_at).toBeNull();
    await sut.app.get(LastUsedRecorder).flush();
    const after = await http().get(`/api/v1/keys/${key.key_id}`).set(ADMIN).expect(200);
    expect(Date.parse(after.body.last_used_at)).toBe(Math.floor(clock.at));
    expect(after.body.key_id).toEqual(UUID);
  });
});
