import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The answer a debit gave, kept with its event so a repeated idempotency key gets the same answer back. */
export interface DebitAnswer {
  predictions_this_month: number;
  monthly_prediction_limit: number | null;
}

/** A row of usage_events: one recorded call. Written only by the group commit (UsageBatchCommitter). */
@Entity({ name: 'usage_events' })
export class UsageEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id!: string;
  @Column({ name: 'key_id', type: 'uuid' }) keyId!: string;
  @Column({ name: 'service_id', type: 'varchar', length: 64 }) serviceId!: string;
  @Column({ type: 'varchar', length: 512 }) endpoint!: string;
  @Column({ name: 'status_code', type: 'smallint' }) statusCode!: number;
  @Column({ name: 'response_time_ms', type: 'integer' }) responseTimeMs!: number;
  @Column({ name: 'predictions_count', type: 'integer' }) predictionsCount!: number;
  @Column({ name: 'compute_ms', type: 'integer' }) computeMs!: number;
  @Column({ name: 'model_id', type: 'varchar', length: 255, nullable: true }) modelId!: string | null;
  @Column({ name: 'idempotency_key', type: 'varchar', length: 255, nullable: true }) idempotencyKey!: string | null;
  @Column({ name: 'occurred_at', type: 'timestamptz', precision: 3 }) occurredAt!: Date;
  @Column({ name: 'debit_answer', type: 'jsonb', nullable: true }) debitAnswer!: DebitAnswer | null;
}
