import { compareSync } from 'bcryptjs';
import request from 'supertest';
import { lookupDigest, parseKey } from '../src/common/keys/key-format';
import { createTestApp, TestApp } from './harness/test-app';
import { TEST_ADMIN_TOKEN } from './harness/test-env';

// CONTRACT.md "Keys (admin)": revoke and rotate, through HTTP against the real AppModule and database.
const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
const UUID = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const HOUR_MS = 3_600_000;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const REVOKED = { detail: 'API key is revoked', code: 'REVOKED' };
const ALREADY_ROTATED = { detail: 'API key was already rotated', code: 'ALREADY_ROTATED' };

/** Every setting a successor must copy, each away from its default so a dropped one shows. */
const FULL_SETTINGS = {
  name: 'billing worker',
  service_id: 'prediction',
  scopes: ['model:read', 'predict'],
  environment: 'production',
  expires_in_days: 30,
  rate_limit_per_hour: 50,
  monthly_prediction_limit: 500,
  billing_plan: 'pro',
  allowed_ips: ['10.0.0.0/8', '203.0.113.7', '2001:db8::/32'],
  burst_limit_per_second: 7,
  user_id: 'user-7',
};

interface KeyRow {
  id: string;
  key_hash: string;
  lookup_digest: string;
  is_active: boolean;
  revoked_at: Date | null;
  rotated_to: string | null;
  rotated_from: string | null;
}

describe('keys: revoke and rotate (CONTRACT.md "revoke", "rotate")', () => {
  let sut: TestApp;
  /** Every plaintext the service handed out in this file: none may reappear outside its create/rotate response. */
  const issued: string[] = [];
  const http = () => request(sut.app.getHttpServer());
  const get = (id: string) => http().get(`/api/v1/keys/${id}`).set(admin);
  const revoke = (id: string) => http().delete(`/api/v1/keys/${id}`).set(admin);
  const rotate = (id: string, body?: object) => {
    const req = http().post(`/api/v1/keys/${id}/rotate`).set(admin);
    return body === undefined ? req : req.send(body);
  };
  const create = async (body: object = { name: 'lifecycle', service_id: 'platform' }) => {
    const res = await http().post('/api/v1/keys').set(admin).send(body).expect(201);
    issued.push(res.body.api_key);
    return res.body as { api_key: string; key_id: string; key_info: Record<string, unknown> };
  };
  const row = async (id: string): Promise<KeyRow> =>
    (await sut.dataSource.query('SELECT * FROM api_keys WHERE id = $1', [id]))[0];
  const snapshot = async () => ({
    keys: await sut.dataSource.query('SELECT * FROM api_keys ORDER BY id'),
    audit: await sut.dataSource.query('SELECT * FROM audit_events ORDER BY id'),
  });

  beforeAll(async () => {
    sut = await createTestApp();
    // One listening server for the whole file, so concurrent requests share it.
    await sut.app.listen(0, '127.0.0.1');
  });
  afterAll(() => sut.close());

  describe('DELETE /api/v1/keys/{key_id}', () => {
    it('revokes: exact body, then is_active false and revoked_at set', async () => {
      const created = await create();
      const before = Date.now();
      const res = await revoke(created.key_id).expect(200);
      const after = Date.now();
      expect(res.body).toEqual({ message: 'API key revoked successfully' });
      const got = await get(created.key_id).expect(200);
      expect(got.body).toEqual({ ...created.key_info, is_active: false, revoked_at: ISO });
      const revokedAt = Date.parse(got.body.revoked_at);
      expect(revokedAt).toBeGreaterThanOrEqual(before);
      expect(revokedAt).toBeLessThanOrEqual(after);
      expect(await row(created.key_id)).toEqual(
        expect.objectContaining({ is_active: false, revoked_at: new Date(revokedAt) }),
      );
    });

    it('is idempotent: a second revoke answers the same and keeps the first revoked_at', async () => {
      const created = await create();
      await revoke(created.key_id).expect(200);
      const first = await snapshot();
      const res = await revoke(created.key_id).expect(200);
      expect(res.body).toEqual({ message: 'API key revoked successfully' });
      expect(await snapshot()).toEqual(first);
    });

    it('answers 404 for an unknown uuid and 422 for a non-uuid id, changing nothing', async () => {
      await create();
      const before = await snapshot();
      const missing = await revoke(UNKNOWN_ID).expect(404);
      expect(missing.body).toEqual({ detail: 'API key not found' });
      const bad = await revoke('not-a-uuid').expect(422);
      expect(bad.body).toEqual({
        detail: [{ loc: ['path', 'key_id'], msg: expect.any(String), type: expect.any(String) }],
      });
      expect(await snapshot()).toEqual(before);
    });

    it('ends a rotated key inside its grace period now, not at the end of the grace', async () => {
      const created = await create();
      const rotated = await rotate(created.key_id, { grace_period_hours: 24 }).expect(200);
      const before = Date.now();
      await revoke(created.key_id).expect(200);
      const after = Date.now();
      const old = await get(created.key_id).expect(200);
      expect(old.body).toEqual(expect.objectContaining({ is_active: false, rotated_to: rotated.body.key_id }));
      expect(Date.parse(old.body.revoked_at)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(old.body.revoked_at)).toBeLessThanOrEqual(after);
      // The successor is untouched.
      expect((await get(rotated.body.key_id).expect(200)).body).toEqual(rotated.body.key_info);
    });
  });

  describe('POST /api/v1/keys/{key_id}/rotate', () => {
    it('without grace: the successor copies every setting and the old key dies at once', async () => {
      const created = await create(FULL_SETTINGS);
      const before = Date.now();
      const res = await rotate(created.key_id, {}).expect(200);
      const after = Date.now();
      issued.push(res.body.api_key);
      const successorId = res.body.key_id;
      expect(successorId).not.toBe(created.key_id);
      expect(res.body).toEqual({
        api_key: expect.stringMatching(/^hk_live_[0-9A-Za-z]{32}$/),
        key_id: UUID,
        key_info: {
          key_id: successorId,
          id: successorId,
          name: 'billing worker',
          key_prefix: `hk_live_${res.body.api_key.slice(8, 11)}***`,
          user_id: 'user-7',
          service_id: 'prediction',
          scopes: ['model:read', 'predict'],
          environment: 'production',
          is_active: true,
          rate_limit_per_hour: 50,
          monthly_prediction_limit: 500,
          billing_plan: 'pro',
          created_at: ISO,
          expires_at: created.key_info.expires_at,
          last_used_at: null,
          allowed_ips: ['10.0.0.0/8', '203.0.113.7', '2001:db8::/32'],
          burst_limit_per_second: 7,
          revoked_at: null,
          rotated_to: null,
          rotated_from: created.key_id,
        },
        previous_key_id: created.key_id,
        previous_key_valid_until: null,
      });
      expect(created.key_info.expires_at).toEqual(ISO);
      expect(res.body.api_key).not.toBe(created.api_key);
      expect(parseKey(res.body.api_key)).not.toBeNull();
      const createdAt = Date.parse(res.body.key_info.created_at);
      expect(createdAt).toBeGreaterThanOrEqual(before - 1);
      expect(createdAt).toBeLessThanOrEqual(after + 1);

      expect((await get(successorId).expect(200)).body).toEqual(res.body.key_info);
      const old = await get(created.key_id).expect(200);
      expect(old.body).toEqual({ ...created.key_info, is_active: false, revoked_at: ISO, rotated_to: successorId });
      expect(Date.parse(old.body.revoked_at)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(old.body.revoked_at)).toBeLessThanOrEqual(after);

      // The successor's stored secret is the new key's, not the old one's.
      const stored = await row(successorId);
      expect(stored.lookup_digest).toBe(lookupDigest(res.body.api_key));
      expect(compareSync(res.body.api_key, stored.key_hash)).toBe(true);
      expect(compareSync(created.api_key, stored.key_hash)).toBe(false);
    });

    it('also rotates when the request has no body at all (the original CLI sends none)', async () => {
      const created = await create();
      const res = await rotate(created.key_id).expect(200);
      issued.push(res.body.api_key);
      expect(res.body).toEqual(
        expect.objectContaining({ previous_key_id: created.key_id, previous_key_valid_until: null }),
      );
      expect((await get(created.key_id).expect(200)).body.is_active).toBe(false);
    });

    it.each([
      ['test', /^hk_test_[0-9A-Za-z]{32}$/],
      ['development', /^hk_dev_[0-9A-Za-z]{32}$/],
    ])('keeps the %s environment prefix', async (environment, format) => {
      const created = await create({ name: 'env', service_id: 'website', environment });
      const res = await rotate(created.key_id, {}).expect(200);
      issued.push(res.body.api_key);
      expect(res.body.api_key).toMatch(format);
      expect(res.body.key_info.environment).toBe(environment);
      expect(res.body.key_info.key_prefix).toBe(`${res.body.api_key.slice(0, res.body.api_key.length - 29)}***`);
    });

    it('with grace_period_hours 24: the old key stays active until now + 24 h', async () => {
      const created = await create();
      const before = Date.now();
      const res = await rotate(created.key_id, { grace_period_hours: 24 }).expect(200);
      const after = Date.now();
      issued.push(res.body.api_key);
      expect(res.body).toEqual({
        api_key: expect.stringMatching(/^hk_live_[0-9A-Za-z]{32}$/),
        key_id: UUID,
        key_info: expect.objectContaining({ key_id: res.body.key_id, is_active: true, rotated_from: created.key_id }),
        previous_key_id: created.key_id,
        previous_key_valid_until: ISO,
      });
      const until = Date.parse(res.body.previous_key_valid_until);
      expect(until).toBeGreaterThanOrEqual(before + 24 * HOUR_MS);
      expect(until).toBeLessThanOrEqual(after + 24 * HOUR_MS);
      const old = await get(created.key_id).expect(200);
      expect(old.body).toEqual({
        ...created.key_info,
        is_active: true,
        revoked_at: res.body.previous_key_valid_until,
        rotated_to: res.body.key_id,
      });
      const active = await http().get('/api/v1/keys?active_only=true').set(admin).expect(200);
      expect(active.body.map((k: { key_id: string }) => k.key_id)).toEqual(
        expect.arrayContaining([created.key_id, res.body.key_id]),
      );
      // Still valid, but no longer rotatable.
      expect((await rotate(created.key_id, { grace_period_hours: 24 }).expect(409)).body).toEqual(ALREADY_ROTATED);
    });

    it('accepts the bounds 0 and 168', async () => {
      const a = await create();
      const zero = await rotate(a.key_id, { grace_period_hours: 0 }).expect(200);
      expect(zero.body.previous_key_valid_until).toBeNull();
      const b = await create();
      const before = Date.now();
      const week = await rotate(b.key_id, { grace_period_hours: 168 }).expect(200);
      const until = Date.parse(week.body.previous_key_valid_until);
      expect(until).toBeGreaterThanOrEqual(before + 168 * HOUR_MS);
      expect(until).toBeLessThanOrEqual(Date.now() + 168 * HOUR_MS);
      issued.push(zero.body.api_key, week.body.api_key);
    });

    it.each([
      ['-1', -1, 'greater_than_equal'],
      ['169', 169, 'less_than_equal'],
      ['1.5', 1.5, 'int_type'],
      // A string is refused, but the type the shared error factory names for it is its first failing rule's.
      ['"x"', 'x', undefined],
      ['"24" (a string)', '24', undefined],
    ])('grace_period_hours %s: 422 at the field and nothing changes', async (_label, value, type) => {
      const created = await create();
      const before = await snapshot();
      const res = await rotate(created.key_id, { grace_period_hours: value }).expect(422);
      expect(res.body).toEqual({
        detail: [{ loc: ['body', 'grace_period_hours'], msg: expect.any(String), type: type ?? expect.any(String) }],
      });
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a revoked key with 409 "API key is revoked", changing nothing', async () => {
      const created = await create();
      await revoke(created.key_id).expect(200);
      const before = await snapshot();
      expect((await rotate(created.key_id, {}).expect(409)).body).toEqual(REVOKED);
      expect((await rotate(created.key_id, { grace_period_hours: 24 }).expect(409)).body).toEqual(REVOKED);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses an already rotated key with 409 "API key was already rotated", changing nothing', async () => {
      const created = await create();
      const first = await rotate(created.key_id, {}).expect(200);
      issued.push(first.body.api_key);
      const before = await snapshot();
      expect((await rotate(created.key_id, {}).expect(409)).body).toEqual(ALREADY_ROTATED);
      expect(await snapshot()).toEqual(before);
      // The successor itself rotates on.
      const second = await rotate(first.body.key_id, {}).expect(200);
      issued.push(second.body.api_key);
      expect(second.body.key_info.rotated_from).toBe(first.body.key_id);
    });

    it('answers 404 for an unknown uuid and 422 for a non-uuid id, changing nothing', async () => {
      await create();
      const before = await snapshot();
      expect((await rotate(UNKNOWN_ID, {}).expect(404)).body).toEqual({ detail: 'API key not found' });
      const bad = await rotate('1234', {}).expect(422);
      expect(bad.body).toEqual({
        detail: [{ loc: ['path', 'key_id'], msg: expect.any(String), type: expect.any(String) }],
      });
      expect(await snapshot()).toEqual(before);
    });

    it.each([0, 24])(
      'concurrent rotations of one key (grace %i h): one 200, the rest 409, one successor',
      async (grace) => {
        const created = await create();
        const results = await Promise.all(
          Array.from({ length: 5 }, () => rotate(created.key_id, { grace_period_hours: grace })),
        );
        const winners = results.filter((r) => r.status === 200);
        const losers = results.filter((r) => r.status !== 200);
        expect(winners).toHaveLength(1);
        issued.push(winners[0].body.api_key);
        expect(losers.map((r) => [r.status, r.body])).toEqual(Array(4).fill([409, ALREADY_ROTATED]));
        const successors: KeyRow[] = await sut.dataSource.query('SELECT * FROM api_keys WHERE rotated_from = $1', [
          created.key_id,
        ]);
        expect(successors.map((s) => [s.id, s.is_active])).toEqual([[winners[0].body.key_id, true]]);
        expect((await row(created.key_id)).rotated_to).toBe(winners[0].body.key_id);
        const audits = await sut.dataSource.query(
          `SELECT 1 FROM audit_events WHERE action = 'key.rotate' AND key_id = $1`,
          [created.key_id],
        );
        expect(audits).toHaveLength(1);
      },
    );
  });

  describe('ROTATION_GRACE_HOURS=24 on the server', () => {
    let graceful: TestApp;
    const ghttp = () => request(graceful.app.getHttpServer());

    beforeAll(async () => {
      graceful = await createTestApp({ env: { ROTATION_GRACE_HOURS: '24' }, clean: false });
    });
    afterAll(() => graceful.close());

    it.each([
      ['no body', undefined],
      ['an empty body', {}],
      ['grace_period_hours null', { grace_period_hours: null }],
    ])('is the grace when the request has %s', async (_label, body) => {
      const created = await create();
      const before = Date.now();
      const req = ghttp().post(`/api/v1/keys/${created.key_id}/rotate`).set(admin);
      const res = await (body === undefined ? req : req.send(body)).expect(200);
      const after = Date.now();
      issued.push(res.body.api_key);
      const until = Date.parse(res.body.previous_key_valid_until);
      expect(until).toBeGreaterThanOrEqual(before + 24 * HOUR_MS);
      expect(until).toBeLessThanOrEqual(after + 24 * HOUR_MS);
      expect((await get(created.key_id).expect(200)).body).toEqual(
        expect.objectContaining({ is_active: true, rotated_to: res.body.key_id }),
      );
    });

    it('yields to an explicit grace_period_hours 0', async () => {
      const created = await create();
      const res = await ghttp()
        .post(`/api/v1/keys/${created.key_id}/rotate`)
        .set(admin)
        .send({ grace_period_hours: 0 })
        .expect(200);
      issued.push(res.body.api_key);
      expect(res.body.previous_key_valid_until).toBeNull();
      expect((await get(created.key_id).expect(200)).body.is_active).toBe(false);
    });
  });

  it('never shows a hash, a lookup digest or a plaintext key outside the create and rotate responses', async () => {
    const created = await create(FULL_SETTINGS);
    const rotated = await rotate(created.key_id, { grace_period_hours: 1 }).expect(200);
    issued.push(rotated.body.api_key);
    await revoke((await create()).key_id).expect(200);
    const secrets: string[] = [...issued];
    const rows: KeyRow[] = await sut.dataSource.query('SELECT * FROM api_keys');
    for (const r of rows) secrets.push(r.key_hash, r.lookup_digest);
    expect(rows.length).toBeGreaterThanOrEqual(3);

    const list = await http().get('/api/v1/keys').set(admin).expect(200);
    expect(list.body).toHaveLength(rows.length);
    const bodies = [list.body, ...(await Promise.all(rows.map(async (r) => (await get(r.id).expect(200)).body)))];
    for (const body of bodies) {
      const text = JSON.stringify(body);
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
    // The create and rotate responses carry their own plaintext only, never a stored value.
    for (const body of [created, rotated.body]) {
      const text = JSON.stringify({ ...body, api_key: undefined });
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});
