import { Injectable } from '@nestjs/common';
import { isoUtc } from '../../common/time/timestamp';
import { AggregateQuery } from '../dto/aggregate.query';
import { AggregateResponse, ServiceDayUsage } from '../dto/aggregate.response';
import { resolveReportRange } from './report-range';
import { AggregateWindow, UsageReportRepository } from './usage-report.repository';
import { Clock } from '../../common/time/clock';
import { averageMs } from './usage-math';

const HOUR_MS = 3_600_000;

/** Usage of every key by UTC date and service between two instants, both inclusive (CONTRACT.md "aggregate"). */
@Injectable()
export class UsageAggregateService {
  constructor(
    private readonly reports: UsageReportRepository,
    private readonly clock: Clock,
  ) {}

  async aggregate(query: AggregateQuery): Promise<AggregateResponse> {
    const { start, end } = resolveReportRange(query, this.clock.now());
    const rows = await this.reports.dailyByService(windowOf(start, end, query.service_id ?? null));
    const usageByDate: Record<string, Record<string, ServiceDayUsage>> = {};
    for (const r of rows) {
      usageByDate[r.day] ??= {};
      usageByDate[r.day][r.serviceId] = {
        requests: r.requests,
        predictions: r.predictions,
        compute_ms: r.computeMs,
        avg_response_time_ms: averageMs(r.knownResponseMs, r.knownRequests),
      };
    }
    return { start_date: isoUtc(start), end_date: isoUtc(end), usage_by_date: usageByDate };
  }
}

/** Whole hours come from the rollup; the partial hours at either end from raw events. */
export function windowOf(start: Date, end: Date, serviceId: string | null): AggregateWindow {
  const endExclusive = new Date(end.getTime() + 1);
  const from = Math.ceil(start.getTime() / HOUR_MS) * HOUR_MS;
  const to = Math.floor(endExclusive.getTime() / HOUR_MS) * HOUR_MS;
  const [fullHoursFrom, fullHoursTo] = from <= to ? [new Date(from), new Date(to)] : [start, start];
  return { start, endExclusive, fullHoursFrom, fullHoursTo, serviceId };
}
