import { Injectable } from '@nestjs/common';
import { BatchPlan, planBatch } from './batch-plan';
import { FlushState } from './flush-state';
import { KnownCounters } from './known-counters';
import { EventOutcome, PendingEvent } from './pending-event';
import { monthStartOf } from '../reports/period';
import { FlushScope, UsageRepository } from './usage.repository';

export interface CommitResult {
  outcomes: EventOutcome[];
  inserted: number;
}

/** Planned on a guess, then on the state the first call read: past that, another writer keeps moving it. */
const OPTIMISTIC_CALLS = 2;

/**
 * One flush of the group commit. A flush that decides (a debit, an idempotency key) locks the month counters of
 * every key in it (in key order), looks up its idempotency keys, decides, and inserts with both rollups. Every
 * writer takes the counter locks first, so concurrent flushes (other replicas) serialise per key and cannot
 * deadlock; a debit decides on a count no other transaction can change before it commits.
 *
 * The platform middleware waits for this before every platform request, so it is one round trip when it can be:
 * the plan is made on the state this process last saw (KnownCounters), and usage_flush() inserts it only if the
 * state under the locks is that one. Otherwise the call returns the state it read and the plan is made again on
 * it. Should other writers keep moving it, the flush holds the locks across both calls in one transaction. A
 * flush with nothing to decide (no debit, no idempotency key) is one statement.
 */
@Injectable()
export class UsageBatchCommitter {
  private readonly known = new KnownCounters();

  constructor(private readonly repo: UsageRepository) {}

  async commit(events: PendingEvent[]): Promise<CommitResult> {
    if (events.every((e) => !e.debit && e.idempotencyKey === null)) return this.append(events);
    const scope = scopeOf(events);
    let state = this.known.guess(scope.months);
    for (let call = 0; call < OPTIMISTIC_CALLS; call++) {
      const plan = state && planBatch(events, state.counters, state.stored);
      const result = await this.repo.flush(scope, state, plan?.rows ?? []);
      if (result.applied && state && plan) return this.committed(state, plan, result.inserted);
      if (!result.applied) state = result.state;
    }
    return this.repo.transaction(async (tx) => {
      const read = await this.repo.flush(scope, undefined, [], tx);
      if (read.applied) throw new Error('usage_flush applied a flush without a plan');
      const plan = planBatch(events, read.state.counters, read.state.stored);
      const result = await this.repo.flush(scope, read.state, plan.rows, tx);
      if (!result.applied) throw new Error('usage_flush found the state moved under its own locks');
      return this.committed(read.state, plan, result.inserted);
    });
  }

  private committed(state: FlushState, plan: BatchPlan, inserted: number): CommitResult {
    this.known.remember(state, plan.rows);
    return { outcomes: plan.outcomes, inserted };
  }

  /** Nothing to decide: every event is stored, in one statement (one round trip) instead of a transaction. */
  private async append(events: PendingEvent[]): Promise<CommitResult> {
    const inserted = await this.repo.appendEvents(events);
    this.known.add(events);
    return { outcomes: events.map(() => ({ kind: 'stored' })), inserted };
  }
}

function scopeOf(events: PendingEvent[]): FlushScope {
  const months = new Map<string, { keyId: string; monthStart: number }>();
  const idempotency = new Map<string, { keyId: string; idempotencyKey: string }>();
  for (const e of events) {
    const monthStart = monthStartOf(e.occurredAt);
    months.set(`${e.keyId}|${monthStart}`, { keyId: e.keyId, monthStart });
    if (e.idempotencyKey !== null)
      idempotency.set(`${e.keyId}|${e.idempotencyKey}`, { keyId: e.keyId, idempotencyKey: e.idempotencyKey });
  }
  return { months: [...months.values()], idempotency: [...idempotency.values()] };
}
