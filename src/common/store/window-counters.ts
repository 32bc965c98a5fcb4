import { LRUCache } from 'lru-cache';
import type { WindowCount } from './store.port';

/** In-process fixed-window counters; `increment` adds to the live window or starts a new one. */
export interface WindowCounters {
  increment(key: string, resetAtMs: number, by: number, now: number): WindowCount;
  readonly size: number;
  clear(): void;
}

const MIN_SWEEP_AT = 1024;

/**
 * At most `entries` entries either way. lru-cache preallocates its slot arrays when given `max` (fast on a hot path,
 * but the memory of a full cache from the start); counted by `maxSize` instead they grow with use.
 */
export function lruBound(
  entries: number,
  preallocated: boolean,
): { max: number } | { maxSize: number; sizeCalculation: () => number } {
  return preallocated ? { max: entries } : { maxSize: entries, sizeCalculation: () => 1 };
}

/** Adds `by` to a window that is still live, in place, and returns its new state; undefined when there is none. */
function addToLive(live: WindowCount | undefined, by: number, now: number): WindowCount | undefined {
  if (!live || live.resetAtMs <= now) return undefined;
  live.count += by;
  return { ...live };
}

/**
 * Counters that are never evicted while their window lasts: per-key limits, which only existing keys get (so their
 * number is bounded by the keys table). Ended windows are swept once the map has doubled since the last sweep, so
 * memory stays within twice the live windows at an amortised constant cost per increment.
 */
export class PinnedWindows implements WindowCounters {
  private readonly windows = new Map<string, WindowCount>();
  private sweepAt = MIN_SWEEP_AT;

  get size(): number {
    return this.windows.size;
  }

  increment(key: string, resetAtMs: number, by: number, now: number): WindowCount {
    const live = this.windows.get(key);
    const added = addToLive(live, by, now);
    if (added) return added;
    if (!live && this.windows.size >= this.sweepAt) this.sweep(now);
    const started = { count: by, resetAtMs };
    this.windows.set(key, started);
    return { ...started };
  }

  clear(): void {
    this.windows.clear();
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (w.resetAtMs <= now) this.windows.delete(key);
    this.sweepAt = Math.max(MIN_SWEEP_AT, this.windows.size * 2);
  }
}

/**
 * Counters anyone can create by choosing a new address: a bounded LRU, so a flood of addresses costs at most
 * `max` entries and evicts only other anonymous counters.
 */
export class EvictableWindows implements WindowCounters {
  private readonly windows: LRUCache<string, WindowCount>;

  constructor(max: number, preallocated = true) {
    this.windows = new LRUCache({ ...lruBound(max, preallocated), ttlAutopurge: false });
  }

  get size(): number {
    return this.windows.size;
  }

  increment(key: string, resetAtMs: number, by: number, now: number): WindowCount {
    const added = addToLive(this.windows.get(key), by, now);
    if (added) return added;
    const started = { count: by, resetAtMs };
    this.windows.set(key, started, { ttl: Math.max(1, resetAtMs - now) });
    return { ...started };
  }

  clear(): void {
    this.windows.clear();
  }
}
