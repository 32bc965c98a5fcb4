import type { DebitAnswer } from '../entities/usage-event.entity';
import { sqlNumber } from '../entities/sql-number';
import type { PendingEvent } from './pending-event';

/** A key's counter row for one month, locked by the flush that read it, with the key's current plan. */
export interface LockedCounter {
  keyId: string;
  monthStart: number;
  predictions: number;
  plan: string;
  limit: number | null;
}

/** An idempotency key already stored, with the answer its debit got (null for a plain event). */
export interface StoredIdempotency {
  keyId: string;
  idempotencyKey: string;
  debitAnswer: DebitAnswer | null;
}

/** What a flush plans on: the month counters of its events and which of their idempotency keys are stored. */
export interface FlushState {
  counters: LockedCounter[];
  stored: StoredIdempotency[];
}

export type EventRow = PendingEvent & { debitAnswer: DebitAnswer | null };

/**
 * The state in the shape usage_flush() reads it and compares it (migration UsageFlushFunction1795610000000):
 * objects keyed `key|month start in ms` and `key|idempotency key`. jsonb equality ignores key order, and a key id
 * is a uuid, so the first `|` always ends it.
 */
export interface FlushStateJson {
  counters: Record<string, { predictions: number | string; plan: string; limit: number | string | null }>;
  stored: Record<string, DebitAnswer | null>;
}

/** A (key, month) counter's name, here and in usage_flush()'s state: the SQL builds the same text. */
export function monthKey(keyId: string, monthStart: number): string {
  return `${keyId}|${monthStart}`;
}

/** A (key, idempotency key) pair's name, here and in usage_flush()'s state. */
export function idempotencyName(keyId: string, idempotencyKey: string): string {
  return `${keyId}|${idempotencyKey}`;
}

export function stateToJson(state: FlushState): FlushStateJson {
  const json: FlushStateJson = { counters: {}, stored: {} };
  for (const c of state.counters)
    json.counters[monthKey(c.keyId, c.monthStart)] = { predictions: c.predictions, plan: c.plan, limit: c.limit };
  for (const s of state.stored) json.stored[idempotencyName(s.keyId, s.idempotencyKey)] = s.debitAnswer;
  return json;
}

export function stateFromJson(json: FlushStateJson): FlushState {
  return {
    counters: Object.entries(json.counters).map(([key, c]) => {
      const [keyId, monthStart] = splitKey(key);
      return {
        keyId,
        monthStart: Number(monthStart),
        predictions: sqlNumber(c.predictions),
        plan: c.plan,
        limit: c.limit === null ? null : sqlNumber(c.limit),
      };
    }),
    stored: Object.entries(json.stored).map(([key, debitAnswer]) => {
      const [keyId, idempotencyKey] = splitKey(key);
      return { keyId, idempotencyKey, debitAnswer };
    }),
  };
}

function splitKey(key: string): [string, string] {
  const at = key.indexOf('|');
  return [key.slice(0, at), key.slice(at + 1)];
}
