import request from 'supertest';
import { createKey } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';
import { TEST_ADMIN_TOKEN } from './harness/test-env';

/** Issue 16 item 3: one answer on PostgreSQL and PGlite for a cursor that is no real position, a 422. */
const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const forge = (at: string) =>
  Buffer.from(JSON.stringify([at, '0b5c7d4e-9f1a-4c3b-8d2e-1f0a9b8c7d6e'])).toString('base64url');
const INVALID = { detail: [{ loc: ['query', 'cursor'], msg: 'Invalid cursor', type: 'value_error' }] };

describe('forged cursors (issue 16 item 3)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
    await createKey(sut.dataSource);
  });
  afterAll(() => sut.close());

  it.each(['/api/v1/keys', '/api/v1/audit'])(
    '%s: year 0000, a year before 1970 or a day that does not exist is a 422',
    async (path) => {
      for (const at of [
        '0000-01-01T00:00:00.000Z',
        '0001-06-15T00:00:00.000Z',
        '1900-01-01T00:00:00.000Z',
        '2026-02-30T00:00:00.000Z',
      ]) {
        const res = await request(sut.app.getHttpServer())
          .get(path)
          .query({ cursor: forge(at) })
          .set(admin);
        expect([at, res.status, res.body]).toEqual([at, 422, INVALID]);
      }
    },
  );

  it.each(['/api/v1/keys', '/api/v1/audit'])(
    '%s: a real position far in the past or future still pages (200)',
    async (path) => {
      for (const at of ['1970-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
        expect(
          (
            await request(sut.app.getHttpServer())
              .get(path)
              .query({ cursor: forge(at) })
              .set(admin)
          ).status,
        ).toBe(200);
      }
    },
  );
});
