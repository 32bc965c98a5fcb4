import { hashSync } from 'bcryptjs';
import { DataSource } from 'typeorm';
import { displayPrefix, Environment, generateKey, lookupDigest, parseKey } from '../../src/common/keys/key-format';
import { ApiKeyEntity } from '../../src/keys/api-key.entity';
import { ServiceId } from '../../src/common/services/services';

export interface KeyOverrides {
  name?: string;
  serviceId?: ServiceId;
  environment?: Environment;
  scopes?: string[];
  userId?: string;
  rateLimitPerHour?: number;
  burstLimitPerSecond?: number | null;
  monthlyPredictionLimit?: number | null;
  billingPlan?: string;
  allowedIps?: string[];
  expiresAt?: Date | null;
  revokedAt?: Date | null;
  isActive?: boolean;
}

export interface CreatedTestKey {
  id: string;
  plaintext: string;
}

/**
 * A key row written straight to the database (bcrypt cost 4), for tests of modules that only need a key to exist.
 * Tests of the keys API itself create keys through HTTP.
 */
export async function createKey(dataSource: DataSource, overrides: KeyOverrides = {}): Promise<CreatedTestKey> {
  const environment = overrides.environment ?? 'production';
  const plaintext = generateKey(environment);
  const repo = dataSource.getRepository(ApiKeyEntity);
  const row = await repo.save(
    repo.create({
      name: overrides.name ?? 'test key',
      keyHash: hashSync(plaintext, 4),
      lookupDigest: lookupDigest(plaintext),
      displayPrefix: displayPrefix(parseKey(plaintext)!),
      userId: overrides.userId ?? 'admin',
      serviceId: overrides.serviceId ?? 'platform',
      scopes: overrides.scopes ?? [],
      environment,
      isActive: overrides.isActive ?? true,
      rateLimitPerHour: overrides.rateLimitPerHour ?? 1000,
      burstLimitPerSecond: overrides.burstLimitPerSecond ?? null,
      monthlyPredictionLimit: overrides.monthlyPredictionLimit ?? null,
      billingPlan: overrides.billingPlan ?? 'free',
      allowedIps: overrides.allowedIps ?? [],
      expiresAt: overrides.expiresAt ?? null,
      revokedAt: overrides.revokedAt ?? null,
    }),
  );
  return { id: row.id, plaintext };
}
