import request from 'supertest';
import { MEMORY_STORE_MAX_ENTRIES, MemoryStore } from '../src/common/store/memory.store';
import { IngestRateLimiter } from '../src/usage/ingest/ingest-rate-limiter.service';
import { createTestApp, TestApp } from './harness/test-app';
import { createKeyViaApi, validate } from './harness/validation-kit';

/*
 * The in-memory store (the embedded default, and every replica's fallback while Redis is down) keeps a key's
 * limit counters apart from the anonymous per-address counters anyone can create: a flood of addresses must not
 * evict a key's hourly window and hand the key a fresh budget.
 */
describe('in-memory store under a flood of anonymous addresses', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ env: { REDIS_URL: undefined } });
  });
  afterAll(() => sut.close());

  it("250,000 anonymous usage calls with distinct addresses leave a key's hourly window intact", async () => {
    expect(sut.store).toBeInstanceOf(MemoryStore);
    const key = await createKeyViaApi(sut, { rate_limit_per_hour: 10 });
    for (let i = 0; i < 10; i++) await validate(sut, key.api_key).expect(200);
    await validate(sut, key.api_key).expect(429);

    // The usage routes' own per-address limiter, as each unauthenticated call reaches it, with a new address each.
    const limiter = sut.app.get(IngestRateLimiter);
    for (let i = 0; i < 250_000; i++) await limiter.hit(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
    for (let i = 0; i < 20; i++) {
      await request(sut.app.getHttpServer()).post('/api/v1/usage/batch').send({ events: [] });
    }

    const refused = await validate(sut, key.api_key).expect(429);
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    expect((sut.store as MemoryStore).counterSizes().address).toBeLessThanOrEqual(MEMORY_STORE_MAX_ENTRIES);
  });
});
