import { Injectable } from '@nestjs/common';
import { isoUtcOrNull } from '../common/http/timestamp';
import { MetricsService } from '../common/metrics/metrics.service';
import { ValidationResponse } from './dto/validation.response';
import type { KeySnapshot } from './key-snapshot';
import { LastUsedRecorder } from './last-used.recorder';
import { ValidationClock } from './validation-clock';

/** The answer for a key that passed every guard: counted, noted as used, described. */
@Injectable()
export class ValidationService {
  private readonly valid;

  constructor(
    private readonly lastUsed: LastUsedRecorder,
    private readonly clock: ValidationClock,
    metrics: MetricsService,
  ) {
    this.valid = metrics.validations.labels({ outcome: 'valid' });
  }

  accept(key: KeySnapshot): ValidationResponse {
    this.valid.inc();
    this.lastUsed.record(key.id, this.clock.now());
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
