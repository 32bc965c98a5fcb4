import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { planBatch } from './batch-plan';
import { EventOutcome, PendingEvent } from './pending-event';
import { monthStartOf } from '../reports/period';
import { StoredIdempotency, UsageRepository } from './usage.repository';

export interface CommitResult {
  outcomes: EventOutcome[];
  inserted: number;
}

/**
 * One flush of the group commit as one transaction: lock the month counters of every key in it (in key order),
 * then look up repeated idempotency keys, decide, and insert with both rollups. Every writer takes the counter
 * locks first, so concurrent flushes (other replicas) serialise per key and cannot deadlock; a debit therefore
 * decides on a count no other transaction can change before it commits. A flush with nothing to decide (no debit,
 * no idempotency key) is one statement.
 */
@Injectable()
export class UsageBatchCommitter {
  constructor(private readonly repo: UsageRepository) {}

  commit(events: PendingEvent[]): Promise<CommitResult> {
    if (events.every((e) => !e.debit && e.idempotencyKey === null)) return this.append(events);
    return this.repo.transaction(async (tx) => {
      const counters = await this.repo.lockCounters(tx, monthsOf(events));
      const stored = await this.storedIdempotency(tx, events);
      const plan = planBatch(events, counters, stored);
      const inserted = await this.repo.insertEvents(tx, plan.rows);
      return { outcomes: plan.outcomes, inserted };
    });
  }

  /** Nothing to decide: every event is stored, in one statement (one round trip) instead of a transaction. */
  private async append(events: PendingEvent[]): Promise<CommitResult> {
    const inserted = await this.repo.appendEvents(events);
    return { outcomes: events.map(() => ({ kind: 'stored' })), inserted };
  }

  private storedIdempotency(tx: EntityManager, events: PendingEvent[]): Promise<StoredIdempotency[]> {
    const wanted = new Map<string, { keyId: string; idempotencyKey: string }>();
    for (const e of events) {
      if (e.idempotencyKey !== null)
        wanted.set(`${e.keyId}|${e.idempotencyKey}`, { keyId: e.keyId, idempotencyKey: e.idempotencyKey });
    }
    return wanted.size ? this.repo.findIdempotent(tx, [...wanted.values()]) : Promise.resolve([]);
  }
}

function monthsOf(events: PendingEvent[]): { keyId: string; monthStart: number }[] {
  const months = new Map<string, { keyId: string; monthStart: number }>();
  for (const e of events) {
    const monthStart = monthStartOf(e.occurredAt);
    months.set(`${e.keyId}|${monthStart}`, { keyId: e.keyId, monthStart });
  }
  return [...months.values()];
}
