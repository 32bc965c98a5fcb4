import type { DebitAnswer } from '../entities/usage-event.entity';

/** What a debit decides on: the key's plan and limit read inside the flush, and the month's count so far. */
export interface DebitState {
  plan: string;
  limit: number | null;
  used: number;
}

/** Billing's rule, handed in with each debit so usage never imports billing: may `requested` more be debited? */
export type DebitRule = (state: DebitState, requested: number) => boolean;

/** One event on its way to the group commit. `occurredAt` is the server's clock at ingest. */
export interface PendingEvent {
  keyId: string;
  serviceId: string;
  endpoint: string;
  statusCode: number;
  responseTimeMs: number;
  predictionsCount: number;
  computeMs: number;
  modelId: string | null;
  idempotencyKey: string | null;
  occurredAt: Date;
  /** Present on debits only: the event is stored only when the rule allows it. */
  debit?: DebitRule;
}

/** How the commit treated one event; a request is answered from these once its flush committed. */
export type EventOutcome =
  | { kind: 'stored' }
  | { kind: 'duplicate' }
  | ({ kind: 'debited' } & DebitAnswer)
  | { kind: 'refused'; used: number; requested: number; limit: number | null };
