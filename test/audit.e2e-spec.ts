import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createTestApp, TestApp } from './harness/test-app';
import { TEST_ADMIN_TOKEN } from './harness/test-env';

// CONTRACT.md "GET /api/v1/audit": one append-only row per key change and per failed admin authentication.
const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
const UUID = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface AuditItem {
  id: string;
  occurred_at: string;
  actor: string;
  action: string;
  key_id: string | null;
  client_ip: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
}

describe('audit log (CONTRACT.md "GET /api/v1/audit")', () => {
  let sut: TestApp;
  const http = () => request(sut.app.getHttpServer());
  const audit = (query = '') => http().get(`/api/v1/audit${query}`).set(admin);
  const items = async (query = ''): Promise<AuditItem[]> => (await audit(query).expect(200)).body.items;
  const create = async (requestId?: string) => {
    const req = http().post('/api/v1/keys').set(admin);
    if (requestId) req.set('X-Request-Id', requestId);
    const res = await req.send({ name: 'audited', service_id: 'platform' }).expect(201);
    return res.body as { api_key: string; key_id: string; key_info: Record<string, unknown> };
  };
  const auditRows = async () =>
    (await sut.dataSource.query('SELECT count(*)::int AS n FROM audit_events'))[0].n as number;
  /** Newest first: (occurred_at, id) strictly decreasing. */
  const expectNewestFirst = (list: AuditItem[]) => {
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1], list[i]];
      expect(
        Date.parse(a.occurred_at) > Date.parse(b.occurred_at) || (a.occurred_at === b.occurred_at && a.id > b.id),
      ).toBe(true);
    }
  };

  beforeAll(async () => {
    sut = await createTestApp();
    await sut.app.listen(0, '127.0.0.1');
  });
  afterAll(() => sut.close());

  it('records one row per create, rotate and revoke with actor, key, client ip and request id', async () => {
    const created = await create('req-create-1');
    const rotated = await http()
      .post(`/api/v1/keys/${created.key_id}/rotate`)
      .set(admin)
      .set('X-Request-Id', 'req-rotate-1')
      .send({ grace_period_hours: 2 })
      .expect(200);
    const successor = rotated.body.key_id as string;
    // TRUST_PROXY is off: a forwarded address the caller wrote is not the client's.
    await http()
      .delete(`/api/v1/keys/${successor}`)
      .set(admin)
      .set('X-Request-Id', 'req-revoke-1')
      .set('X-Forwarded-For', '203.0.113.50')
      .expect(200);
    const revokedAt = (await http().get(`/api/v1/keys/${successor}`).set(admin).expect(200)).body.revoked_at;

    const res = await audit().expect(200);
    expect(res.body).toEqual({
      items: [
        {
          id: UUID,
          occurred_at: ISO,
          actor: 'admin',
          action: 'key.revoke',
          key_id: successor,
          client_ip: '127.0.0.1',
          request_id: 'req-revoke-1',
          details: { revoked_at: revokedAt },
        },
        {
          id: UUID,
          occurred_at: ISO,
          actor: 'admin',
          action: 'key.rotate',
          key_id: created.key_id,
          client_ip: '127.0.0.1',
          request_id: 'req-rotate-1',
          details: {
            successor_key_id: successor,
            grace_period_hours: 2,
            previous_key_valid_until: rotated.body.previous_key_valid_until,
          },
        },
        {
          id: UUID,
          occurred_at: ISO,
          actor: 'admin',
          action: 'key.create',
          key_id: created.key_id,
          client_ip: '127.0.0.1',
          request_id: 'req-create-1',
          details: {
            name: 'audited',
            user_id: 'admin',
            service_id: 'platform',
            environment: 'production',
            key_prefix: created.key_info.key_prefix,
            scopes: [],
            rate_limit_per_hour: 1000,
            burst_limit_per_second: null,
            monthly_prediction_limit: null,
            billing_plan: 'free',
            allowed_ips: [],
            expires_at: null,
          },
        },
      ],
      next_cursor: null,
    });
    expect(rotated.body.previous_key_valid_until).toEqual(ISO);
    expect(revokedAt).toEqual(ISO);
    expectNewestFirst(res.body.items);

    // A revoke that changes nothing, and refused requests, add no row.
    await http().delete(`/api/v1/keys/${successor}`).set(admin).expect(200);
    await http().post(`/api/v1/keys/${created.key_id}/rotate`).set(admin).send({}).expect(409);
    await http().post(`/api/v1/keys/${successor}/rotate`).set(admin).send({}).expect(409);
    await http().delete(`/api/v1/keys/${randomUUID()}`).set(admin).expect(404);
    await http().post('/api/v1/keys').set(admin).send({ name: '' }).expect(422);
    expect(await auditRows()).toBe(3);
  });

  it('records the request id it answered with when the caller sent none or an insane one', async () => {
    for (const sent of [undefined, 'has spaces in it', 'x'.repeat(129)]) {
      const req = http().post('/api/v1/keys').set(admin);
      if (sent) req.set('X-Request-Id', sent);
      const res = await req.send({ name: 'rid', service_id: 'website' }).expect(201);
      const answered = res.headers['x-request-id'];
      expect(answered).toEqual(UUID);
      const [row] = await items(`?key_id=${res.body.key_id}`);
      expect(row).toEqual(expect.objectContaining({ action: 'key.create', request_id: answered }));
    }
  });

  it('never puts a plaintext key, a hash or a lookup digest in a row', async () => {
    const a = await create();
    const b = (await http().post(`/api/v1/keys/${a.key_id}/rotate`).set(admin).send({}).expect(200)).body;
    await http().delete(`/api/v1/keys/${b.key_id}`).set(admin).expect(200);
    const keys: { key_hash: string; lookup_digest: string }[] = await sut.dataSource.query(
      'SELECT key_hash, lookup_digest FROM api_keys',
    );
    const secrets = [a.api_key, b.api_key, ...keys.flatMap((k) => [k.key_hash, k.lookup_digest])];
    const stored = JSON.stringify(await sut.dataSource.query('SELECT * FROM audit_events'));
    const served = JSON.stringify((await audit('?limit=500').expect(200)).body);
    expect(served).toContain(a.key_id);
    for (const secret of secrets) {
      expect(stored).not.toContain(secret);
      expect(served).not.toContain(secret);
    }
  });

  describe('filters', () => {
    let ids: string[];
    let all: AuditItem[];

    beforeAll(async () => {
      ids = [];
      for (let i = 0; i < 3; i++) {
        ids.push((await create()).key_id);
        await sleep(3);
      }
      await http().delete(`/api/v1/keys/${ids[1]}`).set(admin).expect(200);
      await sleep(3);
      await http().post(`/api/v1/keys/${ids[2]}/rotate`).set(admin).send({}).expect(200);
      all = await items('?limit=500');
    });

    it("key_id: only that key's rows, newest first", async () => {
      expect((await items(`?key_id=${ids[1]}`)).map((e) => [e.action, e.key_id])).toEqual([
        ['key.revoke', ids[1]],
        ['key.create', ids[1]],
      ]);
      expect(await items(`?key_id=${randomUUID()}`)).toEqual([]);
    });

    it('action: only that action, newest first', async () => {
      const creates = await items('?action=key.create&limit=500');
      expect(creates).toEqual(all.filter((e) => e.action === 'key.create'));
      expect(creates.slice(0, 3).map((e) => e.key_id)).toEqual([ids[2], ids[1], ids[0]]);
      expect((await items(`?action=key.rotate&key_id=${ids[2]}`)).map((e) => e.action)).toEqual(['key.rotate']);
      expect(await items(`?action=key.revoke&key_id=${ids[0]}`)).toEqual([]);
    });

    it('since: rows at or after the instant, in any timestamp form', async () => {
      const pivot = all.find((e) => e.action === 'key.create' && e.key_id === ids[1])!;
      const expected = all.filter((e) => Date.parse(e.occurred_at) >= Date.parse(pivot.occurred_at));
      expect(expected.map((e) => e.id)).toContain(pivot.id);
      expect(expected.length).toBeLessThan(all.length);
      const at = new Date(Date.parse(pivot.occurred_at));
      const plus2 = new Date(at.getTime() + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
      for (const since of [pivot.occurred_at, at.toISOString(), plus2, at.toISOString().replace('Z', '')]) {
        expect(await items(`?limit=500&since=${encodeURIComponent(since)}`)).toEqual(expected);
      }
      expect(await items(`?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
    });
  });

  describe('pagination', () => {
    it('walks every row with limit and cursor, newest first, next_cursor null at the end', async () => {
      const total = await auditRows();
      expect(total).toBeGreaterThanOrEqual(5);
      const full = await audit('?limit=500').expect(200);
      expect(full.body.items).toHaveLength(total);
      expect(full.body.next_cursor).toBeNull();
      expectNewestFirst(full.body.items);

      const seen: AuditItem[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: request.Response = await audit(
          `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        ).expect(200);
        pages++;
        expect(page.body.items.length).toBe(Math.min(2, total - seen.length));
        seen.push(...page.body.items);
        cursor = page.body.next_cursor;
        expect(cursor === null).toBe(seen.length === total);
      } while (cursor);
      expect(pages).toBe(Math.ceil(total / 2));
      expect(seen).toEqual(full.body.items);
      // A limit exactly the size of the log: one page, nothing after it.
      expect((await audit(`?limit=${total}`).expect(200)).body).toEqual({ items: full.body.items, next_cursor: null });
    });

    it('defaults to 100 and keeps rows that share one instant apart by id', async () => {
      const keyId = randomUUID();
      await sut.dataSource.query(
        `INSERT INTO audit_events (occurred_at, actor, action, key_id, details)
         SELECT '2026-01-01T00:00:00Z', 'admin', 'key.create', $1, jsonb_build_object('n', n) FROM generate_series(1, 103) AS n`,
        [keyId],
      );
      const first = await audit(`?key_id=${keyId}`).expect(200);
      expect(first.body.items).toHaveLength(100);
      expect(first.body.next_cursor).toEqual(expect.any(String));
      const rest = await audit(`?key_id=${keyId}&cursor=${encodeURIComponent(first.body.next_cursor)}`).expect(200);
      expect(rest.body.items).toHaveLength(3);
      expect(rest.body.next_cursor).toBeNull();
      const got = [...first.body.items, ...rest.body.items] as AuditItem[];
      expect(new Set(got.map((e) => e.details.n)).size).toBe(103);
      expectNewestFirst(got);
    });
  });

  describe('bad query: 422 at the parameter', () => {
    it.each([
      ['limit 0', 'limit=0', 'limit'],
      ['limit 501', 'limit=501', 'limit'],
      ['limit not a number', 'limit=ten', 'limit'],
      ['unknown action', 'action=key.delete', 'action'],
      ['since garbage', 'since=yesterday', 'since'],
      ['since impossible date', 'since=2026-02-31T00:00:00Z', 'since'],
      ['key_id not a uuid', 'key_id=abc', 'key_id'],
      ['cursor not ours', 'cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ])('%s', async (_label, query, field) => {
      const before = await auditRows();
      const res = await audit(`?${query}`).expect(422);
      expect(res.body).toEqual({
        detail: [{ loc: ['query', field], msg: expect.any(String), type: expect.any(String) }],
      });
      expect(await auditRows()).toBe(before);
    });
  });

  it('records failed admin authentications, without the token that was tried', async () => {
    const wrong = `${TEST_ADMIN_TOKEN}-guess`;
    const failures = async (n: number): Promise<AuditItem[]> => {
      // The row is written after the 401 (fire and forget): wait for it.
      for (let i = 0; i < 100; i++) {
        const rows = await items('?action=admin.auth_failed');
        if (rows.length >= n) return rows;
        await sleep(20);
      }
      return items('?action=admin.auth_failed');
    };
    // Both attempts in one clock minute, the window the per-IP count uses.
    const toMinuteEnd = 60_000 - (Date.now() % 60_000);
    if (toMinuteEnd < 3_000) await sleep(toMinuteEnd + 10);
    await http()
      .get('/api/v1/keys')
      .set('Authorization', `Bearer ${wrong}`)
      .set('X-Request-Id', 'auth-fail-1')
      .expect(401);
    await failures(1);
    await http().get('/api/v1/audit').set('X-Request-Id', 'auth-fail-2').expect(401);
    const rows = await failures(2);
    expect(rows).toEqual([
      {
        id: UUID,
        occurred_at: ISO,
        actor: expect.any(String),
        action: 'admin.auth_failed',
        key_id: null,
        client_ip: '127.0.0.1',
        request_id: 'auth-fail-2',
        details: { attempts_this_minute_from_ip: 2, token: 'admin' },
      },
      {
        id: UUID,
        occurred_at: ISO,
        actor: expect.any(String),
        action: 'admin.auth_failed',
        key_id: null,
        client_ip: '127.0.0.1',
        request_id: 'auth-fail-1',
        details: { attempts_this_minute_from_ip: 1, token: 'admin' },
      },
    ]);
    expect(JSON.stringify(await sut.dataSource.query('SELECT * FROM audit_events'))).not.toContain(wrong);
  });

  it('is append-only in the database: UPDATE and DELETE are refused and change nothing', async () => {
    await create();
    const before = await sut.dataSource.query('SELECT * FROM audit_events ORDER BY id');
    expect(before.length).toBeGreaterThan(0);
    await expect(sut.dataSource.query(`UPDATE audit_events SET actor = 'mallory'`)).rejects.toThrow(/append-only/);
    await expect(
      sut.dataSource.query(`UPDATE audit_events SET details = '{}' WHERE id = $1`, [before[0].id]),
    ).rejects.toThrow(/append-only/);
    await expect(sut.dataSource.query('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
    await expect(sut.dataSource.query('DELETE FROM audit_events WHERE id = $1', [before[0].id])).rejects.toThrow(
      /append-only/,
    );
    expect(await sut.dataSource.query('SELECT * FROM audit_events ORDER BY id')).toEqual(before);
  });
});
