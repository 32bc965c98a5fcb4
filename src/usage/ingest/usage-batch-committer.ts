import { Injectable } from '@nestjs/common';
import { BatchPlan, planBatch } from './batch-plan';
import { FlushState, idempotencyName, monthKey } from './flush-state';
import { KnownCounters } from './known-counters';
import { EventOutcome, PendingEvent } from './pending-event';
import { monthStartOf } from '../reports/period';
import { FlushScope, UsageRepository } from './usage.repository';

export interface CommitResult {
  outcomes: EventOutcome[];
  inserted: number;
}

/**
 * One flush of the group commit. A flush that decides (a debit, an idempotency key) locks the month counters of
 * every key in it (in key order), looks up its idempotency keys, decides, and inserts with both rollups. Every
 * writer takes the counter locks first, so concurrent flushes (other replicas) serialise per key and cannot
 * deadlock; a debit decides on a count no other transaction can change before it commits.
 *
 * The platform middleware waits for this before every platform request, so it is one round trip when it can be:
 * the plan is made on the state this process last saw (KnownCounters), and usage_flush() inserts it only if the
 * state under the locks is that one. A counter this process has not seen, a wrong guess, and a counter other
 * replicas keep moving are decided the careful way: in one transaction, a call that locks and reads, then a call
 * that inserts the plan made on what it read. A flush with nothing to decide (no debit, no idempotency key) is one
 * statement.
 */
@Injectable()
export class UsageBatchCommitter {
  private readonly known = new KnownCounters();

  constructor(private readonly repo: UsageRepository) {}

  async commit(events: PendingEvent[]): Promise<CommitResult> {
    if (events.every((e) => !e.debit && e.idempotencyKey === null)) return this.append(events);
    const scope = scopeOf(events);
    const guess = this.known.guess(scope.months);
    if (guess) {
      const plan = planBatch(events, guess.counters, guess.stored);
      const result = await this.repo.flush(scope, guess, plan.rows);
      if (result.applied) return this.committed(guess, plan, result.inserted);
    }
    // Unknown, wrong or contended: decide under locks held across both calls. After a wrong guess another writer
    // is likely still at it, and guessing again would race it again (measured: bench:debit-contention); the
    // counter stays contended, decided this way, until a locked read finds it as this process left it.
    return this.repo.transaction(async (tx) => {
      const read = await this.repo.flush(scope, undefined, [], tx);
      if (read.applied) throw new Error('usage_flush applied a flush without a plan');
      const plan = planBatch(events, read.state.counters, read.state.stored);
      const result = await this.repo.flush(scope, read.state, plan.rows, tx);
      if (!result.applied) throw new Error('usage_flush found the state moved under its own locks');
      return this.committed(read.state, plan, result.inserted, this.known.movedByOthers(read.state.counters));
    });
  }

  private committed(state: FlushState, plan: BatchPlan, inserted: number, contended = false): CommitResult {
    this.known.remember(state, plan.rows, contended);
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
    months.set(monthKey(e.keyId, monthStart), { keyId: e.keyId, monthStart });
    if (e.idempotencyKey !== null)
      idempotency.set(idempotencyName(e.keyId, e.idempotencyKey), { keyId: e.keyId, idempotencyKey: e.idempotencyKey });
  }
  return { months: [...months.values()], idempotency: [...idempotency.values()] };
}
