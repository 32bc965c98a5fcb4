import { compareSync } from 'bcryptjs';
import { MetricsService } from '../common/metrics/metrics.service';
import { MemoryStore } from '../common/store/memory.store';
import { AppConfig } from '../config/app-config';
import { KeyHasher } from './key-hasher';

describe('KeyHasher', () => {
  const config = { bcryptRounds: 10 } as AppConfig;
  const metrics = new MetricsService(new MemoryStore());
  const sut = new KeyHasher(config, metrics);
  afterAll(() => sut.onApplicationShutdown());

  it('hashes at the configured cost and compares', async () => {
    const hash = await sut.hash('hk_test_secret');
    expect(hash).toMatch(/^\$2[aby]\$10\$/);
    expect(compareSync('hk_test_secret', hash)).toBe(true);
    expect(await sut.compare('hk_test_secret', hash)).toBe(true);
    expect(await sut.compare('hk_test_other', hash)).toBe(false);
  });

  it('keeps the event loop turning while a hash runs (the work is on a worker thread)', async () => {
    const slow = new KeyHasher({ bcryptRounds: 12 } as AppConfig, metrics);
    let done = false;
    const hashing = slow.hash('hk_test_secret').then(() => (done = true));
    // Were the hash computed on this thread, no callback could run before it finished: here 200 turns of the
    // loop complete while the ~250 ms cost-12 hash is still in flight.
    let turns = 0;
    while (turns < 200 && !done) {
      await new Promise((resolve) => setImmediate(resolve));
      turns++;
    }
    expect([turns, done]).toEqual([200, false]);
    await hashing;
    await slow.onApplicationShutdown();
  });
});
