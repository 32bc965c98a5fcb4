import { LRUCache } from 'lru-cache';
import { monthStartOf } from '../reports/period';
import type { PendingEvent } from './pending-event';
import { FlushState, LockedCounter, monthKey } from './flush-state';

/** Enough for every key that debits in a month on one replica; a forgotten counter costs one locked flush. */
const MAX_COUNTERS = 10_000;

interface Known {
  counter: LockedCounter;
  /** Another writer moved it between two of this process's flushes: guessing would likely be wrong again. */
  contended: boolean;
}

/**
 * What this process last saw of each month counter it wrote, so a flush can plan before it reaches the database
 * and send plan and rows in one call. Only a guess: usage_flush() compares it under the counter locks and refuses
 * a wrong one (another replica, a plan change, a stored idempotency key). Flushes of one process run one at a time
 * (UsageBuffer), so what they add is known exactly.
 */
export class KnownCounters {
  private readonly counters = new LRUCache<string, Known>({ max: MAX_COUNTERS });

  /** The state to plan on, if every month of the flush is known and none is contended. */
  guess(months: { keyId: string; monthStart: number }[]): FlushState | undefined {
    const counters: LockedCounter[] = [];
    for (const m of months) {
      const known = this.counters.get(monthKey(m.keyId, m.monthStart));
      if (!known || known.contended) return undefined;
      counters.push(known.counter);
    }
    return { counters, stored: [] };
  }

  /** Whether `read` (counters read under the locks) shows another writer moved a counter this process knew. */
  movedByOthers(read: LockedCounter[]): boolean {
    return read.some((r) => {
      const known = this.counters.get(monthKey(r.keyId, r.monthStart))?.counter;
      return (
        known !== undefined && (known.predictions !== r.predictions || known.plan !== r.plan || known.limit !== r.limit)
      );
    });
  }

  /** After a flush planned on `state` committed `rows`; `contended`: others wrote since this process last did. */
  remember(state: FlushState, rows: PendingEvent[], contended = false): void {
    for (const c of state.counters)
      this.counters.set(monthKey(c.keyId, c.monthStart), { counter: { ...c }, contended });
    this.add(rows);
  }

  /** After rows were committed without a plan: known counters move on, unknown ones stay unknown. */
  add(rows: PendingEvent[]): void {
    for (const row of rows) {
      const known = this.counters.get(monthKey(row.keyId, monthStartOf(row.occurredAt)));
      if (known) known.counter.predictions += row.predictionsCount;
    }
  }
}
