import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_ACTIONS = ['key.create', 'key.revoke', 'key.rotate', 'admin.auth_failed', 'key.leaked'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** A row of the append-only audit_events table. Details never hold a secret. */
@Entity({ name: 'audit_events' })
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'occurred_at', type: 'timestamptz', precision: 3, default: () => 'now()' }) occurredAt!: Date;
  @Column({ type: 'varchar', length: 255 }) actor!: string;
  @Column({ type: 'varchar', length: 32 }) action!: AuditAction;
  @Column({ name: 'key_id', type: 'uuid', nullable: true }) keyId!: string | null;
  @Column({ name: 'client_ip', type: 'inet', nullable: true }) clientIp!: string | null;
  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true }) requestId!: string | null;
  @Column({ type: 'jsonb' }) details!: Record<string, unknown>;
}
