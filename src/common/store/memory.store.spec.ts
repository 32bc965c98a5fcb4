import { MEMORY_STORE_MAX_ENTRIES, MemoryStore } from './memory.store';

describe('MemoryStore', () => {
  it('counts within a window and starts a new one after it ends', async () => {
    const sut = new MemoryStore();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    const end = 1_000_050;
    expect(await sut.incrementWindow('k', end)).toEqual({ count: 1, resetAtMs: end });
    expect(await sut.incrementWindow('k', end + 999, 2)).toEqual({ count: 3, resetAtMs: end });
    // Past the window's end, whatever a loaded machine does to real timers.
    clock.mockReturnValue(1_000_060);
    const next = 1_001_060;
    expect(await sut.incrementWindow('k', next)).toEqual({ count: 1, resetAtMs: next });
    clock.mockRestore();
  });

  it.each([
    ['preallocated', true],
    ['grown with use', false],
  ])('keeps values until their TTL and delivers published messages (%s)', async (_name, preallocated) => {
    const sut = new MemoryStore(preallocated);
    await sut.set('a', '1', 30);
    expect(await sut.get('a')).toBe('1');
    await new Promise((r) => setTimeout(r, 40));
    expect(await sut.get('a')).toBeNull();
    const seen: string[] = [];
    await sut.subscribe('ch', (m) => seen.push(m));
    await sut.publish('ch', 'hello');
    expect(seen).toEqual(['hello']);
    expect(await sut.ping()).toBe(true);
  });

  it.each([
    ['preallocated (the embedded default)', true],
    ["grown with use (the Redis adapter's fallback)", false],
  ])(
    "250,000 anonymous counters with distinct addresses leave a key's hourly window intact: %s",
    async (_name, preallocated) => {
      const sut = new MemoryStore(preallocated);
      const hourEnd = Date.now() + 3_600_000;
      for (let i = 0; i < 10; i++) await sut.incrementWindow('hk:throttle:per-key:k1:h:1', hourEnd, 1, 'key');
      for (let i = 0; i < 250_000; i++)
        await sut.incrementWindow(`hk:usage-ingest:10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, hourEnd);
      expect((await sut.incrementWindow('hk:throttle:per-key:k1:h:1', hourEnd, 1, 'key')).count).toBe(11);
      expect(sut.counterSizes()).toEqual({ key: 1, address: MEMORY_STORE_MAX_ENTRIES });
    },
  );
});
