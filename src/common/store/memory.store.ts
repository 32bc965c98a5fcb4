import { EventEmitter } from 'node:events';
import { LRUCache } from 'lru-cache';
import { CounterOwner, Store, WindowCount } from './store.port';
import { EvictableWindows, lruBound, PinnedWindows, WindowCounters } from './window-counters';

/** Anonymous counters and cache values kept at most, each: a bound on what unauthenticated traffic can cost. */
export const MEMORY_STORE_MAX_ENTRIES = 200_000;

/**
 * In-process Store: the embedded default, and the Redis adapter's fallback while Redis is down. Key counters,
 * anonymous per-address counters and cache values are kept apart, so traffic that creates one kind never evicts
 * another (README "Memory bounds").
 */
// The Store port is async and these bodies are not: `async` keeps a throw (a subscriber's, on publish) a rejection,
// as the Redis adapter gives it, where Promise.resolve(...) would throw at the caller.
/* eslint-disable @typescript-eslint/require-await */
export class MemoryStore extends Store {
  readonly degraded = false;
  private readonly counters: Record<CounterOwner, WindowCounters>;
  private readonly values: LRUCache<string, string>;
  private readonly bus = new EventEmitter().setMaxListeners(0);
  private readonly groups = new Map<string, Map<string, number>>();

  /**
   * @param preallocated false for the Redis adapter's fallback: used only during an outage, its two LRUs of
   * MEMORY_STORE_MAX_ENTRIES slots each would otherwise hold that memory on every replica from the start (README
   * "Memory bounds").
   */
  constructor(preallocated = true) {
    super();
    this.counters = {
      key: new PinnedWindows(),
      address: new EvictableWindows(MEMORY_STORE_MAX_ENTRIES, preallocated),
    };
    this.values = new LRUCache({ ...lruBound(MEMORY_STORE_MAX_ENTRIES, preallocated), ttlAutopurge: false });
  }

  async incrementWindow(key: string, resetAtMs: number, by = 1, owner: CounterOwner = 'address'): Promise<WindowCount> {
    return this.counters[owner].increment(key, resetAtMs, by, Date.now());
  }

  /** How many live counters of each owner are held (for tests and the README's memory bound). */
  counterSizes(): Record<CounterOwner, number> {
    return { key: this.counters.key.size, address: this.counters.address.size };
  }

  async get(key: string): Promise<string | null> {
    return this.values.get(key) ?? null;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.values.set(key, value, { ttl: Math.max(1, ttlMs) });
  }

  async del(...keys: string[]): Promise<void> {
    for (const k of keys) this.values.delete(k);
  }

  async publish(channel: string, message: string): Promise<boolean> {
    this.bus.emit(channel, message);
    return true;
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<void> {
    this.bus.on(channel, handler);
  }

  onSubscription(_handler: (connected: boolean) => void): void {
    // An in-process bus is never disconnected.
  }

  async heartbeat(group: string, member: string, ttlMs: number, channel: string, message: string): Promise<boolean> {
    const members = this.groups.get(group) ?? new Map<string, number>();
    members.set(member, Date.now() + ttlMs);
    this.groups.set(group, members);
    return this.publish(channel, message);
  }

  async members(group: string): Promise<string[]> {
    const now = Date.now();
    return [...(this.groups.get(group) ?? [])].filter(([, until]) => until > now).map(([m]) => m);
  }

  async withdraw(group: string, member: string): Promise<void> {
    this.groups.get(group)?.delete(member);
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.counters.key.clear();
    this.counters.address.clear();
    this.values.clear();
    this.groups.clear();
    this.bus.removeAllListeners();
  }
}
/* eslint-enable @typescript-eslint/require-await */
