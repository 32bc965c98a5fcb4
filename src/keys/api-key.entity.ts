import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ServiceId } from '../common/services/services';
import type { Environment } from '../common/keys/key-format';

/** A row of api_keys. Never leaves the keys module's services: the mapper lists the public fields. */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ name: 'key_hash', type: 'varchar', length: 72 }) keyHash!: string;
  @Column({ name: 'lookup_digest', type: 'char', length: 64 }) lookupDigest!: string;
  @Column({ name: 'key_prefix', type: 'varchar', length: 16 }) displayPrefix!: string;
  @Column({ name: 'user_id', type: 'varchar', length: 255 }) userId!: string;
  @Column({ name: 'service_id', type: 'varchar', length: 32 }) serviceId!: ServiceId;
  @Column({ type: 'text', array: true }) scopes!: string[];
  @Column({ type: 'varchar', length: 16 }) environment!: Environment;
  @Column({ name: 'is_active', type: 'boolean' }) isActive!: boolean;
  @Column({ name: 'rate_limit_per_hour', type: 'integer' }) rateLimitPerHour!: number;
  @Column({ name: 'burst_limit_per_second', type: 'integer', nullable: true }) burstLimitPerSecond!: number | null;
  @Column({ name: 'monthly_prediction_limit', type: 'integer', nullable: true }) monthlyPredictionLimit!: number | null;
  @Column({ name: 'billing_plan', type: 'varchar', length: 50 }) billingPlan!: string;
  @Column({ name: 'allowed_ips', type: 'cidr', array: true }) allowedIps!: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt!: Date;
  @Column({ name: 'expires_at', type: 'timestamptz', precision: 3, nullable: true }) expiresAt!: Date | null;
  @Column({ name: 'last_used_at', type: 'timestamptz', precision: 3, nullable: true }) lastUsedAt!: Date | null;
  @Column({ name: 'revoked_at', type: 'timestamptz', precision: 3, nullable: true }) revokedAt!: Date | null;
  @Column({ name: 'rotated_from', type: 'uuid', nullable: true }) rotatedFrom!: string | null;
  @Column({ name: 'rotated_to', type: 'uuid', nullable: true }) rotatedTo!: string | null;
}

/** Valid now: not revoked, or revoked in the future (a rotated key inside its grace period). */
export function isCurrentlyActive(k: Pick<ApiKeyEntity, 'isActive' | 'revokedAt'>, now = Date.now()): boolean {
  return k.isActive && (k.revokedAt === null || k.revokedAt.getTime() > now);
}
