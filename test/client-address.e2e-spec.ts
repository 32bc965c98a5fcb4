import request from 'supertest';
import { loadConfig } from '../src/config/load-config';
import { createKey } from './harness/factories';
import { ForwardingProxy } from './harness/forwarding-proxy';
import { createTestApp, TestApp } from './harness/test-app';
import { TEST_ADMIN_TOKEN, testEnv } from './harness/test-env';

/*
 * Issue 16 items 2 and 4 (CONTRACT.md "Validation", the client address): TRUST_PROXY is a hop count or proxy
 * CIDRs; entries a caller wrote left of what the trusted proxies appended are never used, and an entry that is
 * not a bare address never reaches the audit log's inet column.
 */
const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const validate = (http: request.Agent | ReturnType<typeof request>, key: string, xff?: string) => {
  const req = (http as ReturnType<typeof request>).post('/api/v1/keys/validate').set('Authorization', `Bearer ${key}`);
  return xff === undefined ? req.send({}) : req.set('X-Forwarded-For', xff).send({});
};

describe('TRUST_PROXY=true is refused at start (issue 16 item 4)', () => {
  it('names the variable and the risk', () => {
    expect(() => loadConfig(testEnv({ TRUST_PROXY: 'true' }))).toThrow(
      /^TRUST_PROXY must be a hop count or a list of proxy CIDRs; true/,
    );
  });
});

describe('a replica with TRUST_PROXY=1 behind a proxy that appends the connection address (issue 16 item 4)', () => {
  let sut: TestApp;
  let proxy: ForwardingProxy;
  let viaProxy: () => ReturnType<typeof request>;

  beforeAll(async () => {
    sut = await createTestApp({ env: { TRUST_PROXY: '1', ADMIN_AUTH_FAILURES_PER_MINUTE: '10' } });
    await sut.app.listen(0, '127.0.0.1');
    proxy = new ForwardingProxy((sut.app.getHttpServer().address() as { port: number }).port);
    const port = await proxy.open();
    viaProxy = () => request(`http://127.0.0.1:${port}`);
  });
  afterAll(async () => {
    await proxy.close();
    await sut.close();
  });

  it.each(['10.1.2.3', '10.1.2.3, 198.51.100.7', '10.1.2.3, unknown', '[::ffff:10.1.2.3]:80'])(
    'a caller-written %j never passes an allowlist of 10.0.0.0/8',
    async (xff) => {
      const { plaintext } = await createKey(sut.dataSource, { allowedIps: ['10.0.0.0/8'] });
      const res = await validate(viaProxy(), plaintext, xff);
      expect([res.status, res.body.code]).toEqual([401, 'IP_NOT_ALLOWED']);
    },
  );

  it('the address the proxy appended is the client address: it passes its own allowlist and is what the audit log records', async () => {
    const { plaintext } = await createKey(sut.dataSource, { allowedIps: ['127.0.0.1'] });
    expect((await validate(viaProxy(), plaintext, '10.1.2.3, 198.51.100.7')).status).toBe(200);
    const created = await viaProxy()
      .post('/api/v1/keys')
      .set(admin)
      .set('X-Forwarded-For', '10.1.2.3')
      .send({ name: 'p', service_id: 'platform' })
      .expect(201);
    const items = (await viaProxy().get(`/api/v1/audit?key_id=${created.body.key_id}`).set(admin).expect(200)).body
      .items;
    expect(items.map((i: { client_ip: string }) => i.client_ip)).toEqual(['127.0.0.1']);
  });

  it('rotating X-Forwarded-For does not reset the admin-token guessing budget: the 11th wrong token is a 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await viaProxy()
        .get('/api/v1/keys')
        .set('Authorization', `Bearer wrong-${i}`)
        .set('X-Forwarded-For', `198.51.100.${i}`);
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(20).fill(429)]);
  });
});

describe('TRUST_PROXY with X-Forwarded-For entries that are not bare addresses (issue 16 item 2)', () => {
  let sut: TestApp;
  const http = () => request(sut.app.getHttpServer());
  const auditOf = async (keyId: string) =>
    (await http().get(`/api/v1/audit?key_id=${keyId}`).set(admin).expect(200)).body.items.map(
      (i: { action: string; client_ip: string }) => [i.action, i.client_ip],
    );

  beforeAll(async () => {
    // The test client connects from 127.0.0.1, the one trusted hop: the rightmost entry is the client's.
    sut = await createTestApp({ env: { TRUST_PROXY: '1' } });
  });
  afterAll(() => sut.close());

  it.each([
    ['203.0.113.9:5123', '203.0.113.9'],
    ['[::1]', '::1'],
    ['[2001:db8::7]:443', '2001:db8::7'],
    ['fe80::1%eth0', 'fe80::1'],
    ['unknown', '127.0.0.1'],
    ['10.9.9.9, garbage', '127.0.0.1'],
  ])('%j: create, rotate and revoke succeed and audit the address %j', async (xff, address) => {
    const created = await http()
      .post('/api/v1/keys')
      .set(admin)
      .set('X-Forwarded-For', xff)
      .send({ name: 'xff', service_id: 'platform' })
      .expect(201);
    const rotated = await http()
      .post(`/api/v1/keys/${created.body.key_id}/rotate`)
      .set(admin)
      .set('X-Forwarded-For', xff)
      .send({})
      .expect(200);
    await http().delete(`/api/v1/keys/${rotated.body.key_id}`).set(admin).set('X-Forwarded-For', xff).expect(200);
    const successor = (await http().get(`/api/v1/keys/${rotated.body.key_id}`).set(admin).expect(200)).body;
    expect(successor.is_active).toBe(false);
    expect(await auditOf(created.body.key_id)).toEqual([
      ['key.rotate', address],
      ['key.create', address],
    ]);
    expect(await auditOf(rotated.body.key_id)).toEqual([['key.revoke', address]]);
  });

  it('a failed admin login with such a header leaves an audit row with the address', async () => {
    const before = await sut.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'admin.auth_failed'`,
    );
    await http()
      .get('/api/v1/keys')
      .set('Authorization', 'Bearer wrong')
      .set('X-Forwarded-For', '[2001:db8::99]:1')
      .expect(401);
    const rows = await waitFor(
      async () =>
        sut.dataSource.query(
          `SELECT host(client_ip) AS ip FROM audit_events WHERE action = 'admin.auth_failed' ORDER BY occurred_at DESC`,
        ),
      (r) => r.length > before[0].n,
    );
    expect(rows[0].ip).toBe('2001:db8::99');
  });

  it('proxy CIDRs instead of a hop count: the rightmost entry outside them is the client', async () => {
    const cidrs = await createTestApp({ env: { TRUST_PROXY: '127.0.0.0/8, 10.0.0.0/8' }, clean: false });
    try {
      const { plaintext } = await createKey(cidrs.dataSource, { allowedIps: ['198.51.100.7'] });
      const res = await validate(request(cidrs.app.getHttpServer()), plaintext, '203.0.113.1, 198.51.100.7, 10.0.0.2');
      expect(res.status).toBe(200);
      const spoofed = await validate(request(cidrs.app.getHttpServer()), plaintext, '198.51.100.7, 203.0.113.1');
      expect(spoofed.body.code).toBe('IP_NOT_ALLOWED');
    } finally {
      await cidrs.close();
    }
  });
});

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const value = await read();
    if (done(value) || i > 50) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}
