import { compareSync, hashSync } from 'bcryptjs';
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

  it('times each hash and compare in the pool under its op, mismatches included', async () => {
    const own = new MetricsService(new MemoryStore());
    const timed = new KeyHasher(config, own);
    const hash = await timed.hash('hk_test_secret');
    await timed.compare('hk_test_secret', hash);
    expect(await timed.compare('hk_test_other', hash)).toBe(false);
    const counts = (await own.bcryptDuration.get()).values.filter((v) => v.metricName?.endsWith('_count'));
    expect(Object.fromEntries(counts.map((v) => [v.labels.op, v.value]))).toEqual({ hash: 1, compare: 2 });
    const sums = (await own.bcryptDuration.get()).values.filter(
      (v) => v.metricName?.endsWith('_sum') && v.labels.op === 'hash',
    );
    expect(sums[0].value).toBeGreaterThan(0);
    await timed.onApplicationShutdown();
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

  it('keeps a 10 ms timer ticking on time while several cost-10 hashes run', async () => {
    // What one cost-10 hash costs on this machine when it does block the loop: the bar every timer gap must beat.
    const started = performance.now();
    hashSync('hk_test_calibration', 10);
    const blockingMs = performance.now() - started;

    let last = performance.now();
    let maxGap = 0;
    let ticks = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks++;
    }, 10);
    const hashingStarted = performance.now();
    const hashes = await Promise.all(Array.from({ length: 6 }, (_, i) => sut.hash(`hk_test_secret_${i}`)));
    const hashingMs = performance.now() - hashingStarted;
    clearInterval(timer);
    maxGap = Math.max(maxGap, performance.now() - last);

    expect(hashes.every((h) => /^\$2[aby]\$10\$/.test(h))).toBe(true);
    // On the loop, six hashes would leave one gap of at least six blocking-hash times.
    expect(maxGap).toBeLessThan(blockingMs);
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(hashingMs / 10 / 2));
  });
});
