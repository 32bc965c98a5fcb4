import { MemoryStore } from './memory.store';

describe('MemoryStore', () => {
  it('counts within a window and starts a new one after it ends', async () => {
    const sut = new MemoryStore();
    const end = Date.now() + 50;
    expect(await sut.incrementWindow('k', end)).toEqual({ count: 1, resetAtMs: end });
    expect(await sut.incrementWindow('k', end + 999, 2)).toEqual({ count: 3, resetAtMs: end });
    await new Promise((r) => setTimeout(r, 60));
    const next = Date.now() + 1000;
    expect(await sut.incrementWindow('k', next)).toEqual({ count: 1, resetAtMs: next });
  });

  it('keeps values until their TTL and delivers published messages', async () => {
    const sut = new MemoryStore();
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
});
