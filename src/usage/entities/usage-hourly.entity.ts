import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A row of usage_hourly: the events of one key, UTC hour, service and endpoint, summed in the transaction that
 * inserts them. Stats and aggregates read these instead of raw events. Sums are bigint (strings in TypeORM).
 */
@Entity({ name: 'usage_hourly' })
export class UsageHourlyEntity {
  @PrimaryColumn({ name: 'key_id', type: 'uuid' }) keyId!: string;
  @PrimaryColumn({ name: 'hour_start', type: 'timestamptz' }) hourStart!: Date;
  @PrimaryColumn({ name: 'service_id', type: 'varchar', length: 64 }) serviceId!: string;
  @PrimaryColumn({ type: 'varchar', length: 512 }) endpoint!: string;
  @Column({ type: 'bigint' }) requests!: string;
  @Column({ type: 'bigint' }) predictions!: string;
  @Column({ name: 'compute_ms', type: 'bigint' }) computeMs!: string;
  /** Events whose status_code is known (not 0): the base of error rate and average response time. */
  @Column({ name: 'known_requests', type: 'bigint' }) knownRequests!: string;
  @Column({ name: 'error_requests', type: 'bigint' }) errorRequests!: string;
  @Column({ name: 'known_response_ms', type: 'bigint' }) knownResponseMs!: string;
}
