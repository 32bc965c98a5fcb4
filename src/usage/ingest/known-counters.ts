import { LRUCache } from 'lru-cache';
import { monthStartOf } from '../reports/period';
import type { PendingEvent } from './pending-event';
import { FlushState, LockedCounter, monthKey } from './flush-state';

/** Enough for every key that debits in a month on one replica; a forgotten counter costs one round trip. */
const MAX_COUNTERS = 10_000;

/**
 * What this process last saw of each month counter it wrote, so a flush can plan before it reaches the database
 * and send plan and rows in one call. Only a guess: usage_flush() compares it under the counter locks and answers
 * with the real state when another replica, a plan change or a stored idempotency key made it wrong. Flushes of
 * one process run one at a time (UsageBuffer), so what they add is known exactly.
 */
export class KnownCounters {
  private readonly counters = new LRUCache<string, LockedCounter>({ max: MAX_COUNTERS });

  /** The state to plan on, if every month of the flush is known; guessed: none of its idempotency keys stored. */
  guess(months: { keyId: string; monthStart: number }[]): FlushState | undefined {
    const counters: LockedCounter[] = [];
    for (const m of months) {
      const known = this.counters.get(monthKey(m.keyId, m.monthStart));
      if (!known) return undefined;
      counters.push(known);
    }
    return { counters, stored: [] };
  }

  /** After a flush planned on `state` committed `rows`. */
  remember(state: FlushState, rows: PendingEvent[]): void {
    for (const c of state.counters) this.counters.set(monthKey(c.keyId, c.monthStart), { ...c });
    this.add(rows);
  }

  /** After rows were committed without a plan: known counters move on, unknown ones stay unknown. */
  add(rows: PendingEvent[]): void {
    for (const row of rows) {
      const known = this.counters.get(monthKey(row.keyId, monthStartOf(row.occurredAt)));
      if (known) known.predictions += row.predictionsCount;
    }
  }
}
