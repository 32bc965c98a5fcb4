import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { DebitAnswer } from '../entities/usage-event.entity';
import { UsageEventEntity } from '../entities/usage-event.entity';
import { PendingEvent } from './pending-event';
import { sqlNumber } from '../entities/sql-number';
import { APPEND_EVENTS, FIND_IDEMPOTENT, INSERT_EVENTS, LOCK_COUNTERS } from './usage-write.sql';

/** A key's counter row for one month, locked for the rest of the transaction, with the key's current plan. */
export interface LockedCounter {
  keyId: string;
  monthStart: number;
  predictions: number;
  plan: string;
  limit: number | null;
}

export interface StoredIdempotency {
  keyId: string;
  idempotencyKey: string;
  debitAnswer: DebitAnswer | null;
}

export type EventRow = PendingEvent & { debitAnswer: DebitAnswer | null };

/** Writes of the usage aggregate: events and both rollups (the statements are in usage-write.sql.ts). */
@Injectable()
export class UsageRepository {
  constructor(@InjectRepository(UsageEventEntity) private readonly repo: Repository<UsageEventEntity>) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.repo.manager.transaction(work);
  }

  async lockCounters(tx: EntityManager, wanted: { keyId: string; monthStart: number }[]): Promise<LockedCounter[]> {
    const rows: Record<string, unknown>[] = await tx.query(LOCK_COUNTERS, [
      wanted.map((w) => w.keyId),
      wanted.map((w) => new Date(w.monthStart).toISOString()),
    ]);
    return rows.map((r) => ({
      keyId: String(r.key_id),
      monthStart: new Date(r.month_start as string | Date).getTime(),
      predictions: sqlNumber(r.predictions),
      plan: String(r.billing_plan),
      limit: r.monthly_prediction_limit === null ? null : sqlNumber(r.monthly_prediction_limit),
    }));
  }

  async findIdempotent(
    tx: EntityManager,
    wanted: { keyId: string; idempotencyKey: string }[],
  ): Promise<StoredIdempotency[]> {
    const rows: Record<string, unknown>[] = await tx.query(FIND_IDEMPOTENT, [
      wanted.map((w) => w.keyId),
      wanted.map((w) => w.idempotencyKey),
    ]);
    return rows.map((r) => ({
      keyId: String(r.key_id),
      idempotencyKey: String(r.idempotency_key),
      debitAnswer: (r.debit_answer as DebitAnswer | null) ?? null,
    }));
  }

  /** Inside the flush transaction: appends the rows, skipping stored idempotency keys; returns how many were new. */
  async insertEvents(tx: EntityManager, rows: EventRow[]): Promise<number> {
    if (!rows.length) return 0;
    const [result]: { inserted: unknown }[] = await tx.query(INSERT_EVENTS, eventParameters(rows));
    return sqlNumber(result.inserted);
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
