import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { clientIp } from '../common/request/client-ip';
import { isoUtcOrNull } from '../common/time/timestamp';
import { isIpAddress } from '../common/ip/ip-allowlist';
import { MetricsService } from '../common/metrics/metrics.service';
import { ValidationResponse } from './dto/validation.response';
import { IpAllowlistGuard } from './ip-allowlist.guard';
import { statusRefusal } from './key-checks';
import { KeyRateLimiter } from './key-rate-limiter';
import { type KeySnapshot, KeyVerifier, LastUsedRecorder } from '../keys';
import { rateLimitHeaders } from './rate-window';
import { RefusalReporter } from './refusal-reporter';
import { readValidateRequest } from './validate-request';
import { ValidationAnswer } from './validation-answer';
import { Clock } from '../common/time/clock';
import { refusal } from './validation-refusal';

/**
 * POST /api/v1/keys/validate as ARCHITECTURE.md "The validation hot path" lists it, top to bottom; the first
 * refusal is the answer, in the contract's order (CONTRACT.md "Validation"). Only a key that passed every other
 * check counts against its limits.
 */
@Injectable()
export class ValidationService {
  private readonly valid;

  constructor(
    private readonly verifier: KeyVerifier,
    private readonly ipAllowlist: IpAllowlistGuard,
    private readonly limiter: KeyRateLimiter,
    private readonly lastUsed: LastUsedRecorder,
    private readonly refusals: RefusalReporter,
    private readonly clock: Clock,
    metrics: MetricsService,
  ) {
    this.valid = metrics.validations.labels({ outcome: 'valid' });
  }

  async validate(req: Request): Promise<ValidationAnswer> {
    const requestId = req.res?.getHeader('X-Request-Id');
    // 1. Take the key: Bearer, X-API-Key, body, query.
    const input = readValidateRequest(req);
    if (!input.presentedKey) return this.refusals.refuse(refusal('MISSING_KEY'), { requestId });
    // 2 to 5. Shape and checksum in memory, then the cache, then the row (and one bcrypt compare for a new key).
    const key = await this.verifier.resolve(input.presentedKey);
    if (!key) return this.refusals.refuse(refusal('INVALID_KEY'), { requestId });
    // 6. The snapshot's status: active, not expired, service, scope; then the client address against the allowlist.
    const now = this.clock.nowMs();
    const refused = statusRefusal(key, now, input.serviceId, input.requiredScope);
    if (refused) return this.refusals.refuse(refused, { keyId: key.id, requestId });
    const address = isIpAddress(input.clientIp) ? input.clientIp : clientIp(req);
    if (!this.ipAllowlist.allows(key, address))
      return this.refusals.refuse(refusal('IP_NOT_ALLOWED'), { keyId: key.id, requestId });
    // 7. One request against the key's limits, then the answer.
    const decision = await this.limiter.consume(key, now);
    const headers = rateLimitHeaders(decision.window, !decision.allowed);
    if (!decision.allowed) return this.refusals.refuse(refusal('RATE_LIMITED'), { keyId: key.id, requestId, headers });
    return { accepted: true, status: 200, body: this.accept(key, now), headers };
  }

  private accept(key: KeySnapshot, now: number): ValidationResponse {
    this.valid.inc();
    this.lastUsed.record(key.id, now);
    return {
      is_valid: true,
      key_id: key.id,
      user_id: key.userId,
      service_id: key.serviceId,
      scopes: [...key.scopes],
      rate_limit_per_hour: key.rateLimitPerHour,
      billing_plan: key.billingPlan,
      monthly_prediction_limit: key.monthlyPredictionLimit,
      error: null,
      environment: key.environment,
      expires_at: key.expiresAtMs === null ? null : isoUtcOrNull(new Date(key.expiresAtMs)),
    };
  }
}
