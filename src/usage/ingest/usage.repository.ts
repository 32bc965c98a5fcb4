import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { DebitAnswer } from '../entities/usage-event.entity';
import { UsageEventEntity } from '../entities/usage-event.entity';
import { PendingEvent } from './pending-event';
import { sqlNumber } from '../entities/sql-number';
import { EventRow, FlushState, FlushStateJson, stateFromJson, stateToJson } from './flush-state';
import { APPEND_EVENTS, FLUSH } from './usage-write.sql';

/** What a flush locks and looks up: the month counters of its events and their idempotency keys. */
export interface FlushScope {
  months: { keyId: string; monthStart: number }[];
  idempotency: { keyId: string; idempotencyKey: string }[];
}

/** usage_flush() inserted the rows (the state matched), or inserted nothing and read this state. */
export type FlushResult = { applied: true; inserted: number } | { applied: false; state: FlushState };

/** Writes of the usage aggregate: events and both rollups (the statements are in usage-write.sql.ts). */
@Injectable()
export class UsageRepository {
  constructor(@InjectRepository(UsageEventEntity) private readonly repo: Repository<UsageEventEntity>) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.repo.manager.transaction(work);
  }

  /**
   * Locks the scope's counters, and inserts `rows` only if the state read under those locks is `expected`; no
   * `expected`, it only reads. Outside a transaction, one round trip that commits on its own.
   */
  async flush(
    scope: FlushScope,
    expected: FlushState | undefined,
    rows: EventRow[],
    tx: EntityManager = this.repo.manager,
  ): Promise<FlushResult> {
    const [{ result }]: { result: { applied: boolean; inserted?: unknown } & FlushStateJson }[] = await tx.query(
      FLUSH,
      [
        scope.months.map((m) => m.keyId),
        scope.months.map((m) => new Date(m.monthStart).toISOString()),
        scope.idempotency.map((i) => i.keyId),
        scope.idempotency.map((i) => i.idempotencyKey),
        expected ? JSON.stringify(stateToJson(expected)) : null,
        ...eventParameters(rows),
      ],
    );
    return result.applied
      ? { applied: true, inserted: sqlNumber(result.inserted) }
      : { applied: false, state: stateFromJson(result) };
  }

  /** Plain events (no debit, no idempotency key) with their rollups, in one statement of its own. */
  async appendEvents(events: PendingEvent[]): Promise<number> {
    const [result]: { inserted: unknown }[] = await this.repo.query(APPEND_EVENTS, eventParameters(events));
    return sqlNumber(result.inserted);
  }
}

function eventParameters(rows: (PendingEvent & { debitAnswer?: DebitAnswer | null })[]): unknown[] {
  return [
    rows.map((r) => r.keyId),
    rows.map((r) => r.serviceId),
    rows.map((r) => r.endpoint),
    rows.map((r) => r.statusCode),
    rows.map((r) => r.responseTimeMs),
    rows.map((r) => r.predictionsCount),
    rows.map((r) => r.computeMs),
    rows.map((r) => r.modelId),
    rows.map((r) => r.idempotencyKey),
    rows.map((r) => r.occurredAt.toISOString()),
    rows.map((r) => (r.debitAnswer ? JSON.stringify(r.debitAnswer) : null)),
  ];
}
