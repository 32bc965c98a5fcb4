import { MemoryStore } from '../src/common/store/memory.store';
import { Store } from '../src/common/store/store.port';
import { replicaCases } from './harness/replica-cases';
import { createTestApp, TestApp } from './harness/test-app';
import { testRedisUrl } from './harness/test-env';

/*
 * Two replicas of the service against one PostgreSQL and one Redis (ARCHITECTURE.md "Scaling past one machine").
 * Without TEST_REDIS_URL both share one in-memory store instead, which still exercises the same protocol.
 */
describe('two replicas', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const shared: [unknown, unknown][] = testRedisUrl() ? [] : [[Store, new MemoryStore()]];
    a = await createTestApp({ overrides: shared });
    b = await createTestApp({ overrides: shared, clean: false });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  replicaCases(
    () => a,
    () => b,
  );
});
