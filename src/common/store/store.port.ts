/** A counter in a fixed window: how many hits so far, and when the window ends (epoch ms). */
export interface WindowCount {
  count: number;
  resetAtMs: number;
}

/**
 * Shared state of the replicas: counters, cache entries, pub/sub (ARCHITECTURE.md "Storage", "Rate limits").
 * Two adapters: Redis (REDIS_URL set; falls back to memory while Redis is down) and memory (embedded default).
 */
export abstract class Store {
  /** True while a configured Redis is unreachable and this replica serves from memory. */
  abstract readonly degraded: boolean;
  /** Atomically adds `by` to the counter at `key`, whose window ends at `resetAtMs` (set on first hit). */
  abstract incrementWindow(key: string, resetAtMs: number, by?: number): Promise<WindowCount>;
  abstract get(key: string): Promise<string | null>;
  abstract set(key: string, value: string, ttlMs: number): Promise<void>;
  abstract del(...keys: string[]): Promise<void>;
  abstract publish(channel: string, message: string): Promise<void>;
  abstract subscribe(channel: string, handler: (message: string) => void): Promise<void>;
  /** Adds `member` to a group of live members for `ttlMs` (a heartbeat; repeat it to stay in). */
  abstract announce(group: string, member: string, ttlMs: number): Promise<void>;
  /** The members whose last announcement has not expired. */
  abstract members(group: string): Promise<string[]>;
  abstract withdraw(group: string, member: string): Promise<void>;
  /** Called after Redis comes back, so in-process caches that may have missed messages can be dropped. */
  abstract onRecovered(handler: () => void): void;
  /** True when the backing store answered within `timeoutMs`. */
  abstract ping(timeoutMs: number): Promise<boolean>;
  abstract close(): Promise<void>;
}
