import { EvictableWindows, lruBound, PinnedWindows } from './window-counters';

describe('PinnedWindows (per-key counters)', () => {
  it('never evicts a live window, however many others arrive', () => {
    const sut = new PinnedWindows();
    const now = 1_000;
    sut.increment('key', now + 3_600_000, 10, now);
    for (let i = 0; i < 50_000; i++) sut.increment(`other-${i}`, now + 10, 1, now);
    expect(sut.increment('key', now + 3_600_000, 1, now + 20).count).toBe(11);
  });

  it('sweeps ended windows once the map doubled, so memory follows the live windows', () => {
    const sut = new PinnedWindows();
    for (let i = 0; i < 10_000; i++) sut.increment(`second-${i}`, i + 1, 1, i);
    // Each window ended a moment after the next began: at most twice the live ones (here one) plus the floor.
    expect(sut.size).toBeLessThanOrEqual(2048);
  });

  it('starts a new window after the old one ended', () => {
    const sut = new PinnedWindows();
    sut.increment('k', 100, 5, 0);
    expect(sut.increment('k', 200, 1, 100)).toEqual({ count: 1, resetAtMs: 200 });
  });
});

describe('EvictableWindows (anonymous counters)', () => {
  it.each([
    ['preallocated', true],
    ['grown with use', false],
  ])('holds at most its bound, evicting the least recently used (%s)', (_name, preallocated) => {
    const sut = new EvictableWindows(100, preallocated);
    const now = Date.now();
    for (let i = 0; i < 1000; i++) sut.increment(`ip-${i}`, now + 60_000, 1, now);
    expect(sut.size).toBe(100);
    expect(sut.increment('ip-999', now + 60_000, 1, now).count).toBe(2);
    expect(sut.increment('ip-0', now + 60_000, 1, now).count).toBe(1);
  });
});

describe('lruBound', () => {
  it('preallocates only when asked: max for a hot path, maxSize counted per entry otherwise', () => {
    expect(lruBound(10, true)).toEqual({ max: 10 });
    const grown = lruBound(10, false);
    expect(grown).toEqual({ maxSize: 10, sizeCalculation: expect.any(Function) as unknown });
    expect('sizeCalculation' in grown && grown.sizeCalculation()).toBe(1);
  });
});
