import { DebitAnswer } from '../entities/usage-event.entity';
import { EventOutcome, PendingEvent } from './pending-event';
import { monthStartOf } from '../reports/period';
import { type EventRow, idempotencyName, type LockedCounter, monthKey, type StoredIdempotency } from './flush-state';

export interface BatchPlan {
  rows: EventRow[];
  outcomes: EventOutcome[];
}

/**
 * Decides, in arrival order, what each event of a flush becomes, given the locked month counters and the
 * idempotency keys already stored. Pure, so the debit and idempotency rules are testable without a database:
 * a repeat is acknowledged but not stored; a debit is stored only when its rule allows it on the running count
 * (which includes the events before it in the same flush); a repeated debit gets the first answer again.
 */
export function planBatch(events: PendingEvent[], counters: LockedCounter[], stored: StoredIdempotency[]): BatchPlan {
  const counterOf = new Map(counters.map((c) => [monthKey(c.keyId, c.monthStart), c]));
  const used = new Map(counters.map((c) => [monthKey(c.keyId, c.monthStart), c.predictions]));
  const taken = new Map<string, DebitAnswer | null>(
    stored.map((s) => [idempotencyName(s.keyId, s.idempotencyKey), s.debitAnswer]),
  );
  const refused = new Map<string, EventOutcome>();
  const plan: BatchPlan = { rows: [], outcomes: [] };

  for (const event of events) {
    const month = monthKey(event.keyId, monthStartOf(event.occurredAt));
    const counter = counterOf.get(month);
    if (!counter) throw new Error(`No locked usage counter for ${month}`);
    const idem = event.idempotencyKey === null ? undefined : idempotencyName(event.keyId, event.idempotencyKey);
    const current = (): DebitAnswer => ({
      predictions_this_month: used.get(month)!,
      monthly_prediction_limit: counter.limit,
    });

    if (idem !== undefined && taken.has(idem)) {
      plan.outcomes.push(event.debit ? { kind: 'debited', ...(taken.get(idem) ?? current()) } : { kind: 'duplicate' });
      continue;
    }
    if (event.debit && idem !== undefined && refused.has(idem)) {
      plan.outcomes.push(refused.get(idem)!);
      continue;
    }
    const state = { plan: counter.plan, limit: counter.limit, used: used.get(month)! };
    if (event.debit && !event.debit(state, event.predictionsCount)) {
      const outcome: EventOutcome = {
        kind: 'refused',
        used: state.used,
        requested: event.predictionsCount,
        limit: counter.limit,
      };
      if (idem !== undefined) refused.set(idem, outcome);
      plan.outcomes.push(outcome);
      continue;
    }
    used.set(month, state.used + event.predictionsCount);
    const answer = event.debit ? current() : null;
    plan.rows.push({ ...event, debitAnswer: answer });
    plan.outcomes.push(answer ? { kind: 'debited', ...answer } : { kind: 'stored' });
    if (idem !== undefined) taken.set(idem, answer);
  }
  return plan;
}
