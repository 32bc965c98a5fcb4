import { MemoryStore } from './memory.store';
import type { WindowCount } from './store.port';
import { SendIncrements, WindowIncrements } from './window-increments';

const END = Date.now() + 60_000;
const inc = (key: string, by = 1) => ({ key, resetAtMs: END, by, owner: 'key' as const });

/** A store that records each add it is sent, and each call, backed by the memory store's real counters. */
function recordingStore(fail?: (key: string) => boolean) {
  const store = new MemoryStore();
  const sent: [string, number][] = [];
  const calls: string[][] = [];
  const send: SendIncrements = (adds) => {
    calls.push(adds.map((a) => a.key));
    return Promise.all(
      adds.map(({ key, resetAtMs, by, owner }) => {
        sent.push([key, by]);
        return fail?.(key)
          ? Promise.resolve(new Error('Redis deadline'))
          : store.incrementWindow(key, resetAtMs, by, owner);
      }),
    );
  };
  return { sent, calls, send };
}

describe('WindowIncrements', () => {
  it('sends the increments of one key in one turn as one add, and gives each caller its own place', async () => {
    const { sent, send } = recordingStore();
    const sut = new WindowIncrements(send);
    const counts = await Promise.all([sut.add(inc('a')), sut.add(inc('a')), sut.add(inc('a'))]);
    expect(sent).toEqual([['a', 3]]);
    expect(counts.map((c) => c.count)).toEqual([1, 2, 3]);
    expect(new Set(counts.map((c) => c.resetAtMs)).size).toBe(1);
  });

  it('numbers on from what the counter held, with increments of any size, in arrival order', async () => {
    const { sent, send } = recordingStore();
    const sut = new WindowIncrements(send);
    await sut.add(inc('a', 5));
    const counts = await Promise.all([sut.add(inc('a', 2)), sut.add(inc('a')), sut.add(inc('a', 3))]);
    expect(sent).toEqual([
      ['a', 5],
      ['a', 6],
    ]);
    expect(counts.map((c) => c.count)).toEqual([7, 8, 11]);
  });

  it('keeps keys apart: one add per key of the turn, each numbered on its own, all in one call to the store', async () => {
    const { sent, calls, send } = recordingStore();
    const sut = new WindowIncrements(send);
    const counts = await Promise.all([sut.add(inc('a')), sut.add(inc('b')), sut.add(inc('a')), sut.add(inc('b'))]);
    expect(sent).toEqual([
      ['a', 2],
      ['b', 2],
    ]);
    expect(calls).toEqual([['a', 'b']]);
    expect(counts.map((c) => c.count)).toEqual([1, 1, 2, 2]);
  });

  it('fails every caller of the turn when the store call itself fails', async () => {
    const sut = new WindowIncrements(() => Promise.reject(new Error('Redis pipeline answered short')));
    const settled = await Promise.allSettled([sut.add(inc('a')), sut.add(inc('b'))]);
    for (const s of settled)
      expect(s).toEqual({ status: 'rejected', reason: new Error('Redis pipeline answered short') });
  });

  it('gathers callbacks of one I/O turn, but never adds to a batch already sent', async () => {
    const { sent, send } = recordingStore();
    const sut = new WindowIncrements(send);
    const first: Promise<WindowCount>[] = [];
    // Two callbacks of one loop phase, as two sockets' requests are two callbacks of one poll phase. Immediates, not
    // timers: two 0 ms timers may fall into two turns on a loaded machine (they did in CI).
    await new Promise<void>((resolve) => {
      setImmediate(() => first.push(sut.add(inc('a'))));
      setImmediate(() => (first.push(sut.add(inc('a'))), resolve()));
    });
    await Promise.all(first);
    const later = await sut.add(inc('a'));
    expect(sent).toEqual([
      ['a', 2],
      ['a', 1],
    ]);
    expect(later.count).toBe(3);
  });

  it("fails every caller of a key whose add failed, and only those: the store's fallback decides, not this", async () => {
    const { send } = recordingStore((key) => key === 'down');
    const sut = new WindowIncrements(send);
    const [a, down1, down2] = await Promise.allSettled([sut.add(inc('a')), sut.add(inc('down')), sut.add(inc('down'))]);
    expect(a).toEqual({ status: 'fulfilled', value: expect.objectContaining({ count: 1 }) });
    for (const d of [down1, down2]) expect(d).toEqual({ status: 'rejected', reason: new Error('Redis deadline') });
  });
});
