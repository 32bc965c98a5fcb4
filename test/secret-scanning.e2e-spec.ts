import request from 'supertest';
import { MemoryStore } from '../src/common/store/memory.store';
import { Store } from '../src/common/store/store.port';
import { finding, GithubSigner, report, SCANNING_ROUTE } from './harness/github-signer';
import { outcomes, scanningCases } from './harness/scanning-cases';
import { createTestApp, TestApp } from './harness/test-app';
import { testDatabaseUrl, testRedisUrl } from './harness/test-env';
import { createKeyViaApi, validate } from './harness/validation-kit';

/*
 * Issue 20, GitHub secret scanning, on the embedded database (with the memory store both replicas share) and on
 * PostgreSQL with Redis when the suite has them. Every describe closes its apps before the next starts: the
 * embedded database is one per process.
 */
const targets: [string, Record<string, string | undefined>][] = [
  ['embedded database', { DATABASE_URL: undefined, REDIS_URL: undefined }],
];
if (testDatabaseUrl()) targets.push(['PostgreSQL', { DATABASE_URL: testDatabaseUrl(), REDIS_URL: testRedisUrl() }]);

describe.each(targets)('secret scanning on the %s', (_name, databases) => {
  const signer = new GithubSigner();
  const env = { ...databases, SECRET_SCANNING_GITHUB_KEYS: signer.document() };
  const shared = (): [unknown, unknown][] => (databases.REDIS_URL ? [] : [[Store, new MemoryStore()]]);
  // The embedded database starts in about 3 s cold, and many times that on a machine shared with other suites.
  const START_MS = 120_000;

  describe('two replicas, LEAKED_KEY_ACTION=revoke (the default)', () => {
    let a: TestApp;
    let b: TestApp;

    beforeAll(async () => {
      const overrides = shared();
      a = await createTestApp({ env, overrides });
      b = await createTestApp({ env, overrides, clean: false });
    }, START_MS);
    afterAll(async () => {
      await b.close();
      await a.close();
    });

    scanningCases(
      () => a,
      () => b,
      signer,
    );
  });

  describe('LEAKED_KEY_ACTION=report', () => {
    let sut: TestApp;
    beforeAll(async () => {
      sut = await createTestApp({ env: { ...env, LEAKED_KEY_ACTION: 'report' }, overrides: shared() });
    }, START_MS);
    afterAll(() => sut.close());

    it('audits and counts a live key but changes no key', async () => {
      const key = await createKeyViaApi(sut);
      const [before] = await sut.dataSource.query('SELECT * FROM api_keys WHERE id = $1', [key.key_id]);
      const res = await report(sut, signer, [finding(key.api_key)]).expect(200);
      expect(res.body).toEqual([{ token_raw: key.api_key, token_type: 'hokusai_api_key', label: 'true_positive' }]);
      expect(await sut.dataSource.query('SELECT * FROM api_keys WHERE id = $1', [key.key_id])).toEqual([before]);
      await validate(sut, key.api_key).expect(200);
      expect(await outcomes(sut, key.key_id)).toEqual(['reported']);
      const revokes = await sut.dataSource.query(`SELECT 1 FROM audit_events WHERE action = 'key.revoke'`);
      expect(revokes).toEqual([]);
    });
  });

  describe('with neither SECRET_SCANNING_GITHUB_KEYS nor SECRET_SCANNING_GITHUB_KEYS_FILE', () => {
    let sut: TestApp;
    beforeAll(async () => {
      sut = await createTestApp({ env: databases, overrides: shared() });
    }, START_MS);
    afterAll(() => sut.close());

    it('the route answers 404 and does nothing, signed or not', async () => {
      const key = await createKeyViaApi(sut);
      const res = await report(sut, signer, [finding(key.api_key)]).expect(404);
      expect(res.body).toEqual({ detail: 'Not Found' });
      await request(sut.app.getHttpServer()).post(SCANNING_ROUTE).send('[]').expect(404);
      await validate(sut, key.api_key).expect(200);
    });
  });
});
