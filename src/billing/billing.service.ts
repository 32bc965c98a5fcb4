import { Injectable, NotFoundException } from '@nestjs/common';
import { isoUtc } from '../common/http/timestamp';
import { KeysRepository } from '../keys/keys.repository';
import { KEY_NOT_FOUND } from '../usage/known-keys.service';
import { UsageClock } from '../usage/usage-clock';
import { UsageStatsService } from '../usage/usage-stats.service';
import { nextBillingDate, overageCharges } from './billing-math';
import { BillingResponse } from './dto/billing.response';

/** The current UTC month's bill of one key: plan and limit read fresh from the key, usage from the month counter. */
@Injectable()
export class BillingService {
  constructor(
    private readonly keys: KeysRepository,
    private readonly usage: UsageStatsService,
    private readonly clock: UsageClock,
  ) {}

  async billing(keyId: string): Promise<BillingResponse> {
    const key = await this.keys.findById(keyId);
    if (!key) throw new NotFoundException({ detail: KEY_NOT_FOUND });
    const now = this.clock.now();
    const month = await this.usage.monthTotals(keyId, now);
    return {
      key_id: keyId,
      billing_plan: key.billingPlan,
      current_usage: { requests: month.requests, predictions: month.predictions, compute_ms: month.computeMs },
      monthly_limit: key.monthlyPredictionLimit,
      overage_charges: overageCharges(month.predictions, key.monthlyPredictionLimit),
      next_billing_date: isoUtc(nextBillingDate(now)),
    };
  }
}
