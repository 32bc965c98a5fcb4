import { displayAllowlistEntry } from '../common/ip/ip-allowlist';
import { isoUtc, isoUtcOrNull } from '../common/time/timestamp';
import { ApiKeyEntity, isCurrentlyActive } from './api-key.entity';
import { KeyResponse } from './dto/key.response';

/** The public fields of a key, listed one by one (STYLE.md 6): a hash cannot leak when it is never copied. */
export function toKeyResponse(k: ApiKeyEntity, now = Date.now()): KeyResponse {
  return {
    key_id: k.id,
    id: k.id,
    name: k.name,
    key_prefix: k.displayPrefix,
    user_id: k.userId,
    service_id: k.serviceId,
    scopes: k.scopes ?? [],
    environment: k.environment,
    is_active: isCurrentlyActive(k, now),
    rate_limit_per_hour: k.rateLimitPerHour,
    monthly_prediction_limit: k.monthlyPredictionLimit,
    billing_plan: k.billingPlan,
    created_at: isoUtc(k.createdAt),
    expires_at: isoUtcOrNull(k.expiresAt),
    last_used_at: isoUtcOrNull(k.lastUsedAt),
    allowed_ips: (k.allowedIps ?? []).map(displayAllowlistEntry),
    burst_limit_per_second: k.burstLimitPerSecond,
    revoked_at: isoUtcOrNull(k.revokedAt),
    rotated_to: k.rotatedTo,
    rotated_from: k.rotatedFrom,
  };
}
