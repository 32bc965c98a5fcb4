/** A counter in a fixed window: how many hits so far, and when the window ends (epoch ms). */
export interface WindowCount {
  count: number;
  resetAtMs: number;
}

/**
 * Whose counter it is. A key's counter (its hourly and burst windows) is never evicted by the in-memory store to
 * make room: only keys that exist get one. Anonymous per-address counters (admin-auth failures, usage ingestion)
 * may be, because anyone can create them by choosing addresses.
 */
export type CounterOwner = 'key' | 'address';

/**
 * Shared state of the replicas: counters, cache entries, pub/sub (ARCHITECTURE.md "Storage", "Rate limits").
 * Two adapters: Redis (REDIS_URL set; every call has a deadline and falls back to memory while Redis is down or
 * unresponsive) and memory (the embedded default, one process).
 */
export abstract class Store {
  /** True while a configured Redis is unreachable or past its deadline and this replica serves from memory. */
  abstract readonly degraded: boolean;
  /** Atomically adds `by` to the counter at `key`, whose window ends at `resetAtMs` (set on first hit). */
  abstract incrementWindow(key: string, resetAtMs: number, by?: number, owner?: CounterOwner): Promise<WindowCount>;
  abstract get(key: string): Promise<string | null>;
  abstract set(key: string, value: string, ttlMs: number): Promise<void>;
  abstract del(...keys: string[]): Promise<void>;
  /** Sends to every subscriber of `channel`; false when it could not be sent (Redis down or past its deadline). */
  abstract publish(channel: string, message: string): Promise<boolean>;
  abstract subscribe(channel: string, handler: (message: string) => void): Promise<void>;
  /** Called with false when the subscription connection is lost (what is published meanwhile is lost, not queued) and with true when it is back. */
  abstract onSubscription(handler: (connected: boolean) => void): void;
  /**
   * One atomic step: keeps `member` in `group` for `ttlMs` and publishes `message` on `channel`. So whoever hears
   * the message knows the member was listed when it was sent. False when it could not be sent.
   */
  abstract heartbeat(group: string, member: string, ttlMs: number, channel: string, message: string): Promise<boolean>;
  /** The members whose last heartbeat has not expired; null when the group cannot be read right now. */
  abstract members(group: string): Promise<string[] | null>;
  abstract withdraw(group: string, member: string): Promise<void>;
  /** True when the backing store answered within `timeoutMs`. */
  abstract ping(timeoutMs: number): Promise<boolean>;
  abstract close(): Promise<void>;
}
