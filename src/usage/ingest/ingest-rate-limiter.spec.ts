import { MemoryStore } from '../../common/store/memory.store';
import type { CounterOwner, WindowCount } from '../../common/store/store.port';
import type { AppConfig } from '../../config/app-config';
import { IngestRateLimiter } from './ingest-rate-limiter.service';

/** The in-memory store, whose answers wait until released (a Redis round trip in slow motion) unless open. */
class GatedStore extends MemoryStore {
  calls = 0;
  open = false;
  private readonly gates: (() => void)[] = [];

  override incrementWindow(key: string, resetAtMs: number, by?: number, owner?: CounterOwner): Promise<WindowCount> {
    this.calls++;
    const counted = super.incrementWindow(key, resetAtMs, by, owner);
    return this.open ? counted : new Promise((resolve) => this.gates.push(() => resolve(counted)));
  }

  async release(): Promise<void> {
    for (const gate of this.gates.splice(0)) gate();
    await new Promise((resolve) => setImmediate(resolve));
  }

  async count(ip: string): Promise<number> {
    return (await super.incrementWindow(`hk:usage-ingest:${ip}`, Date.now() + 60_000, 0)).count;
  }
}

function makeLimiter(limit: number) {
  const store = new GatedStore();
  const limiter = new IngestRateLimiter(store, { usageRateLimitPerMinute: limit } as AppConfig);
  return { store, limiter };
}

/** Whether `promise` has settled after the pending microtasks ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('IngestRateLimiter', () => {
  afterEach(() => jest.restoreAllMocks());

  it("waits for an address's first count", async () => {
    const { store, limiter } = makeLimiter(100);
    const first = limiter.hit('192.0.2.1');
    expect(await settled(first)).toBe(false);
    await store.release();
    expect(await first).toEqual({ allowed: true, retryAfterSeconds: expect.any(Number) });
  });

  it('below a quarter of the limit lets hits through before their count is back, and counts every one', async () => {
    const { store, limiter } = makeLimiter(100);
    const first = limiter.hit('192.0.2.1');
    await store.release();
    await first;
    // Heard 1; a quarter of 100 is 25: 24 more go through at once, the next one waits for its count.
    const quick = Array.from({ length: 24 }, () => limiter.hit('192.0.2.1'));
    for (const hit of quick) expect(await settled(hit)).toBe(true);
    const waiting = limiter.hit('192.0.2.1');
    expect(await settled(waiting)).toBe(false);
    // Another address has its own count: its first hit waits too.
    expect(await settled(limiter.hit('192.0.2.2'))).toBe(false);
    await store.release();
    expect(await waiting).toMatchObject({ allowed: true });
    expect(store.calls).toBe(27);
    expect(await store.count('192.0.2.1')).toBe(26);
  });

  it('refuses the hit that takes the shared count past the limit, with Retry-After', async () => {
    const { store, limiter } = makeLimiter(8);
    store.open = true;
    const answers = [];
    for (let i = 0; i < 9; i++) answers.push(await limiter.hit('192.0.2.1'));
    expect(answers.slice(0, 8).every((a) => a.allowed)).toBe(true);
    expect(answers[8].allowed).toBe(false);
    expect(answers[8].retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(answers[8].retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('waits again for the first count of a new minute', async () => {
    const { store, limiter } = makeLimiter(100);
    const minute = 1_800_000_000_000;
    const now = jest.spyOn(Date, 'now').mockReturnValue(minute + 1_000);
    const first = limiter.hit('192.0.2.1');
    await store.release();
    await first;
    expect(await settled(limiter.hit('192.0.2.1'))).toBe(true);
    now.mockReturnValue(minute + 61_000);
    expect(await settled(limiter.hit('192.0.2.1'))).toBe(false);
    await store.release();
  });
});
