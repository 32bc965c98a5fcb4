import { isoUtcOrNull } from '../common/time/timestamp';
import { ApiKeyEntity } from './api-key.entity';

/** What an audit row says about a key: its settings, never its hash, digest or plaintext. */
export function auditedSettings(k: ApiKeyEntity): Record<string, unknown> {
  return {
    name: k.name,
    user_id: k.userId,
    service_id: k.serviceId,
    environment: k.environment,
    key_prefix: k.displayPrefix,
    scopes: k.scopes,
    rate_limit_per_hour: k.rateLimitPerHour,
    burst_limit_per_second: k.burstLimitPerSecond,
    monthly_prediction_limit: k.monthlyPredictionLimit,
    billing_plan: k.billingPlan,
    allowed_ips: k.allowedIps,
    expires_at: isoUtcOrNull(k.expiresAt),
  };
}
