import { Injectable } from '@nestjs/common';
import { Clock } from '../common/time/clock';
import { isoUtc } from '../common/time/timestamp';
import { KeyDirectory, KeyNotFoundException } from '../keys';
import { UsageFacade } from '../usage';
import { nextBillingDate, overageCharges } from './billing-math';
import { BillingResponse } from './dto/billing.response';

/** The current UTC month's bill of one key: plan and limit read fresh from the key, usage from the month counter. */
@Injectable()
export class BillingService {
  constructor(
    private readonly keys: KeyDirectory,
    private readonly usage: UsageFacade,
    private readonly clock: Clock,
  ) {}

  async billing(keyId: string): Promise<BillingResponse> {
    const terms = await this.keys.billingTerms(keyId);
    if (!terms) throw new KeyNotFoundException();
    const now = this.clock.now();
    const month = await this.usage.monthTotals(keyId, now);
    return {
      key_id: keyId,
      billing_plan: terms.billingPlan,
      current_usage: { requests: month.requests, predictions: month.predictions, compute_ms: month.computeMs },
      monthly_limit: terms.monthlyPredictionLimit,
      overage_charges: overageCharges(month.predictions, terms.monthlyPredictionLimit),
      next_billing_date: isoUtc(nextBillingDate(now)),
    };
  }
}
