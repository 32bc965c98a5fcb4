import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A row of usage_monthly: one key's totals for one UTC month, kept at ingest. Billing reads it, and the debit
 * check locks it, so two debits of one key never decide on the same count.
 */
@Entity({ name: 'usage_monthly' })
export class UsageMonthlyEntity {
  @PrimaryColumn({ name: 'key_id', type: 'uuid' }) keyId!: string;
  @PrimaryColumn({ name: 'month_start', type: 'timestamptz' }) monthStart!: Date;
  @Column({ type: 'bigint' }) requests!: string;
  @Column({ type: 'bigint' }) predictions!: string;
  @Column({ name: 'compute_ms', type: 'bigint' }) computeMs!: string;
}
