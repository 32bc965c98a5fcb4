import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createKey } from './harness/factories';
import { tableDigest } from './harness/table-digest';
import { createTestApp, TestApp } from './harness/test-app';
import { TEST_ADMIN_TOKEN } from './harness/test-env';

/** Issue 16 item 9: a POST with no body at all, as the original CLI sends rotate (no Content-Length, no body). */
describe('a request without any body (issue 16 item 9)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
    await sut.app.listen(0, '127.0.0.1');
  });
  afterAll(() => sut.close());

  /** Written byte for byte, so no client library adds a Content-Length or Transfer-Encoding header. */
  function bare(path: string): Promise<{ status: number; body: unknown }> {
    const { port } = sut.app.getHttpServer().address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.write(
          `POST ${path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${TEST_ADMIN_TOKEN}\r\nConnection: close\r\n\r\n`,
        ),
      );
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('utf8')));
      socket.on('error', reject);
      socket.on('end', () =>
        resolve({ status: Number(text.split(' ')[1]), body: JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) }),
      );
    });
  }

  it('rotate: the body is optional, so the key rotates with the server default grace (200)', async () => {
    const { id } = await createKey(sut.dataSource);
    const res = await bare(`/api/v1/keys/${id}/rotate`);
    expect(res).toEqual({
      status: 200,
      body: expect.objectContaining({ previous_key_id: id, previous_key_valid_until: null }),
    });
    const [old] = await sut.dataSource.query('SELECT is_active, rotated_to FROM api_keys WHERE id = $1', [id]);
    expect(old).toEqual({ is_active: false, rotated_to: (res.body as { key_id: string }).key_id });
  });

  it('create: each required field is named as missing, and nothing is stored', async () => {
    const before = await tableDigest(sut.dataSource);
    expect(await bare('/api/v1/keys')).toEqual({
      status: 422,
      body: {
        detail: [
          { loc: ['body', 'name'], msg: 'Field required', type: 'missing' },
          { loc: ['body', 'service_id'], msg: 'Field required', type: 'missing' },
        ],
      },
    });
    expect(await tableDigest(sut.dataSource)).toEqual(before);
  });
});
