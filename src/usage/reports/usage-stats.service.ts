import { Injectable } from '@nestjs/common';
import { UsageStatsResponse } from '../dto/usage-stats.response';
import { KnownKeysService } from '../known-keys.service';
import { monthStartOf, parsePeriod, periodOf } from './period';
import { MonthTotals, UsageReportRepository } from './usage-report.repository';
import { Clock } from '../../common/time/clock';
import { averageMs, errorRate } from './usage-math';

export const TOP_ENDPOINTS = 10;

/** Per-key reports for a UTC month, read from the hourly rollup (never a scan of the month's events). */
@Injectable()
export class UsageStatsService {
  constructor(
    private readonly keys: KnownKeysService,
    private readonly reports: UsageReportRepository,
    private readonly clock: Clock,
  ) {}

  /** `period` was validated as YYYY-MM by the query DTO; absent means the current UTC month. */
  async stats(keyId: string, period: string | undefined): Promise<UsageStatsResponse> {
    await this.keys.assertKnown([keyId]);
    const p = (period && parsePeriod(period)) || periodOf(this.clock.now());
    const [totals, top] = await Promise.all([
      this.reports.periodTotals(keyId, p.start, p.end),
      this.reports.topEndpoints(keyId, p.start, p.end, TOP_ENDPOINTS),
    ]);
    return {
      key_id: keyId,
      period: p.label,
      total_requests: totals.requests,
      total_predictions: totals.predictions,
      total_compute_ms: totals.computeMs,
      average_response_time_ms: averageMs(totals.knownResponseMs, totals.knownRequests),
      error_rate: errorRate(totals.errorRequests, totals.knownRequests),
      top_endpoints: top,
    };
  }

  /** The UTC month containing `at`, from the monthly counter billing and debits share. */
  monthTotals(keyId: string, at: Date): Promise<MonthTotals> {
    return this.reports.monthTotals(keyId, new Date(monthStartOf(at)));
  }
}
