import { compileAllowlist, CompiledAllowlist } from '../../common/ip/ip-allowlist';
import type { Environment } from '../../common/keys/key-format';
import type { ApiKeyEntity } from '../api-key.entity';
import type { ServiceId } from '../../common/services/services';

/**
 * What the hot path knows of a key (ARCHITECTURE.md "The validation hot path", step 6): the settings the checks
 * need, with the allowlist compiled once per cache fill. It holds no hash and no lookup digest.
 */
export interface KeySnapshot {
  readonly id: string;
  readonly userId: string;
  readonly serviceId: ServiceId;
  readonly scopes: readonly string[];
  readonly environment: Environment;
  readonly isActive: boolean;
  /** Epoch ms; in the future for a rotated key inside its grace period. */
  readonly revokedAtMs: number | null;
  readonly expiresAtMs: number | null;
  readonly rateLimitPerHour: number;
  readonly burstLimitPerSecond: number | null;
  readonly monthlyPredictionLimit: number | null;
  readonly billingPlan: string;
  readonly allowlist: CompiledAllowlist;
}

export function toSnapshot(k: ApiKeyEntity): KeySnapshot {
  return {
    id: k.id,
    userId: k.userId,
    serviceId: k.serviceId,
    scopes: [...k.scopes],
    environment: k.environment,
    isActive: k.isActive,
    revokedAtMs: k.revokedAt ? k.revokedAt.getTime() : null,
    expiresAtMs: k.expiresAt ? k.expiresAt.getTime() : null,
    rateLimitPerHour: k.rateLimitPerHour,
    burstLimitPerSecond: k.burstLimitPerSecond,
    monthlyPredictionLimit: k.monthlyPredictionLimit,
    billingPlan: k.billingPlan,
    allowlist: compileAllowlist(k.allowedIps),
  };
}
