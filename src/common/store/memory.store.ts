import { EventEmitter } from 'node:events';
import { LRUCache } from 'lru-cache';
import { Store, WindowCount } from './store.port';

type Entry = { value: string; counter?: number; resetAtMs?: number };

/** In-process Store: the embedded default, and the Redis adapter's fallback while Redis is down. */
export class MemoryStore extends Store {
  readonly degraded = false;
  private readonly entries = new LRUCache<string, Entry>({ max: 200_000, ttlAutopurge: false });
  private readonly bus = new EventEmitter().setMaxListeners(0);
  private readonly groups = new Map<string, Map<string, number>>();

  async incrementWindow(key: string, resetAtMs: number, by = 1): Promise<WindowCount> {
    return this.incrementWindowSync(key, resetAtMs, by);
  }

  incrementWindowSync(key: string, resetAtMs: number, by = 1): WindowCount {
    const now = Date.now();
    const current = this.entries.get(key);
    if (current?.counter !== undefined && current.resetAtMs! > now) {
      current.counter += by;
      return { count: current.counter, resetAtMs: current.resetAtMs! };
    }
    const ttl = Math.max(1, resetAtMs - now);
    this.entries.set(key, { value: String(by), counter: by, resetAtMs }, { ttl });
    return { count: by, resetAtMs };
  }

  async get(key: string): Promise<string | null> {
    const e = this.entries.get(key);
    return e ? (e.counter !== undefined ? String(e.counter) : e.value) : null;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, { value }, { ttl: Math.max(1, ttlMs) });
  }

  async del(...keys: string[]): Promise<void> {
    for (const k of keys) this.entries.delete(k);
  }

  async publish(channel: string, message: string): Promise<void> {
    this.bus.emit(channel, message);
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<void> {
    this.bus.on(channel, handler);
  }

  async announce(group: string, member: string, ttlMs: number): Promise<void> {
    const members = this.groups.get(group) ?? new Map<string, number>();
    members.set(member, Date.now() + ttlMs);
    this.groups.set(group, members);
  }

  async members(group: string): Promise<string[]> {
    const now = Date.now();
    return [...(this.groups.get(group) ?? [])].filter(([, until]) => until > now).map(([m]) => m);
  }

  async withdraw(group: string, member: string): Promise<void> {
    this.groups.get(group)?.delete(member);
  }

  onRecovered(): void {
    // Memory never goes away, so it never comes back.
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.groups.clear();
    this.bus.removeAllListeners();
  }
}
