import request from 'supertest';
import { tableDigest } from './harness/table-digest';
import { createTestApp, TestApp } from './harness/test-app';
import { TEST_ADMIN_TOKEN } from './harness/test-env';

/**
 * Issue 16 item 12: 010.0.0.0/8 was read as octal and stored as 8.0.0.0/8, and the deprecated IPv4-compatible
 * ::10.1.2.3 matched as the mapped 10.1.2.3. Both are refused with a 422 naming the entry.
 */
const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

describe('allowlist entries that do not mean what they seem (issue 16 item 12)', () => {
  let sut: TestApp;
  const http = () => request(sut.app.getHttpServer());

  beforeAll(async () => {
    sut = await createTestApp();
  });
  afterAll(() => sut.close());

  it.each([
    ['010.0.0.0/8', 1, 'an octet with a leading zero is ambiguous: write it in decimal without one'],
    ['10.0.0.010', 0, 'an octet with a leading zero is ambiguous: write it in decimal without one'],
    ['::10.1.2.3', 1, 'the IPv4-compatible form ::a.b.c.d is deprecated: write a.b.c.d'],
  ])('%j: a 422 naming the entry, nothing stored', async (entry, index, why) => {
    const before = await tableDigest(sut.dataSource);
    const allowed = index === 1 ? ['192.0.2.1', entry] : [entry];
    const res = await http()
      .post('/api/v1/keys')
      .set(admin)
      .send({ name: 'ips', service_id: 'platform', allowed_ips: allowed })
      .expect(422);
    expect(res.body).toEqual({
      detail: [
        {
          loc: ['body', 'allowed_ips'],
          msg: `allowed_ips[${index}] is not an IPv4 or IPv6 address or CIDR block: ${JSON.stringify(entry)} (${why})`,
          type: 'value_error',
        },
      ],
    });
    expect(await tableDigest(sut.dataSource)).toEqual(before);
  });

  it('10.0.0.0/8 is stored as written, and a client_ip in the IPv4-compatible form does not pass it', async () => {
    const created = await http()
      .post('/api/v1/keys')
      .set(admin)
      .send({ name: 'ips', service_id: 'platform', allowed_ips: ['10.0.0.0/8'] })
      .expect(201);
    expect(created.body.key_info.allowed_ips).toEqual(['10.0.0.0/8']);
    const validate = (client_ip: string) =>
      http().post('/api/v1/keys/validate').set('Authorization', `Bearer ${created.body.api_key}`).send({ client_ip });
    expect((await validate('::ffff:10.1.2.3')).status).toBe(200);
    const compat = await validate('::10.1.2.3');
    expect([compat.status, compat.body.code]).toEqual([401, 'IP_NOT_ALLOWED']);
    // A leading-zero client_ip is no address: ignored, so the connection's (loopback) decides, and it is not in 10/8.
    const octal = await validate('010.1.2.3');
    expect([octal.status, octal.body.code]).toEqual([401, 'IP_NOT_ALLOWED']);
  });
});
