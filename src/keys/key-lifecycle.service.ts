import { ConflictException, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { isoUtcOrNull } from '../common/time/timestamp';
import type { RequestContext } from '../common/request/request-context';
import { AppConfig } from '../config/app-config';
import { AuditRepository } from '../audit';
import { ApiKeyEntity, isCurrentlyActive } from './api-key.entity';
import { MessageResponse, RotatedKeyResponse } from './dto/key.response';
import { KeyCache } from './key-cache.port';
import { KeyNotFoundException } from './key-not-found.exception';
import { KeyIssuer, KeySettings } from './key-issuer';
import { toKeyResponse } from './key.mapper';
import { KeysRepository } from './keys.repository';

const HOUR_MS = 3_600_000;

/**
 * The one place where an existing key changes (revoke, rotate). Each change commits with its audit row, then
 * invalidates the validation cache on every replica before the response returns (CONTRACT.md "revoke").
 */
@Injectable()
export class KeyLifecycleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: KeysRepository,
    private readonly issuer: KeyIssuer,
    private readonly audit: AuditRepository,
    private readonly cache: KeyCache,
    private readonly config: AppConfig,
  ) {}

  async revoke(id: string, ctx: RequestContext): Promise<MessageResponse> {
    const changed = await this.dataSource.transaction(async (tx) => {
      const key = await this.lockExisting(tx, id);
      if (!key.isActive) return null;
      const now = new Date();
      // A rotated key inside its grace period keeps its earlier end only if that is already past.
      const revokedAt = key.revokedAt && key.revokedAt < now ? key.revokedAt : now;
      await this.keys.update(tx, id, { isActive: false, revokedAt });
      await this.audit.append(tx, ctx, 'key.revoke', id, { revoked_at: isoUtcOrNull(revokedAt) });
      return { ...key, isActive: false, revokedAt };
    });
    if (changed) await this.cache.invalidate(changed);
    return { message: 'API key revoked successfully' };
  }

  async rotate(id: string, graceHours: number | undefined, ctx: RequestContext): Promise<RotatedKeyResponse> {
    const current = await this.keys.findById(id);
    if (!current) throw new KeyNotFoundException();
    assertRotatable(current);
    const grace = graceHours ?? this.config.rotationGraceHours;
    const prepared = await this.issuer.prepare(current.environment);
    const { old, successor } = await this.dataSource.transaction(async (tx) => {
      const locked = await this.lockExisting(tx, id);
      assertRotatable(locked);
      const successor = await this.issuer.insert(tx, prepared, successorSettings(locked));
      const now = Date.now();
      const changes =
        grace > 0
          ? { rotatedTo: successor.id, revokedAt: new Date(now + grace * HOUR_MS) }
          : { rotatedTo: successor.id, revokedAt: new Date(now), isActive: false };
      await this.keys.update(tx, id, changes);
      await this.audit.append(tx, ctx, 'key.rotate', id, {
        successor_key_id: successor.id,
        grace_period_hours: grace,
        previous_key_valid_until: grace > 0 ? isoUtcOrNull(changes.revokedAt) : null,
      });
      return { old: { ...locked, ...changes }, successor };
    });
    await Promise.all([this.cache.invalidate(old), this.cache.prime(prepared.plaintext, successor)]);
    return {
      api_key: prepared.plaintext,
      key_id: successor.id,
      key_info: toKeyResponse(successor),
      previous_key_id: id,
      previous_key_valid_until: grace > 0 ? isoUtcOrNull(old.revokedAt) : null,
    };
  }

  private async lockExisting(tx: EntityManager, id: string): Promise<ApiKeyEntity> {
    const key = await this.keys.findForUpdate(tx, id);
    if (!key) throw new KeyNotFoundException();
    return key;
  }
}

function assertRotatable(key: ApiKeyEntity): void {
  if (key.rotatedTo) throw new ConflictException({ detail: 'API key was already rotated', code: 'ALREADY_ROTATED' });
  if (!isCurrentlyActive(key)) throw new ConflictException({ detail: 'API key is revoked', code: 'REVOKED' });
}

function successorSettings(k: ApiKeyEntity): KeySettings {
  return {
    name: k.name,
    userId: k.userId,
    serviceId: k.serviceId,
    scopes: k.scopes,
    environment: k.environment,
    rateLimitPerHour: k.rateLimitPerHour,
    burstLimitPerSecond: k.burstLimitPerSecond,
    monthlyPredictionLimit: k.monthlyPredictionLimit,
    billingPlan: k.billingPlan,
    allowedIps: k.allowedIps,
    expiresAt: k.expiresAt,
    rotatedFrom: k.id,
  };
}
