import { Injectable } from '@nestjs/common';
import { isoUtc } from '../../common/time/timestamp';
import { SeriesQuery } from '../dto/series.query';
import { SeriesResponse } from '../dto/series.response';
import { KnownKeysService } from '../known-keys.service';
import { resolveReportRange, violation } from './report-range';
import { fillSeries, MAX_SERIES_POINTS, planSeries } from './series-buckets';
import { Clock } from '../../common/time/clock';
import { UsageReportRepository } from './usage-report.repository';

export const SERIES_DEFAULT_DAYS = 7;

/** A key's usage per UTC hour or day, for charts (CONTRACT.md "series"), read from the hourly rollup. */
@Injectable()
export class UsageSeriesService {
  constructor(
    private readonly keys: KnownKeysService,
    private readonly reports: UsageReportRepository,
    private readonly clock: Clock,
  ) {}

  async series(keyId: string, query: SeriesQuery): Promise<SeriesResponse> {
    const { start, end } = resolveReportRange(query, this.clock.now(), SERIES_DEFAULT_DAYS);
    const plan = planSeries(start, end, query.bucket ?? 'hour');
    if (plan.points > MAX_SERIES_POINTS) {
      throw violation(
        `the range holds ${plan.points} ${plan.bucket} buckets; at most ${MAX_SERIES_POINTS} (use bucket=day or a shorter range)`,
        'bucket',
      );
    }
    await this.keys.assertKnown([keyId]);
    const points = fillSeries(plan, await this.reports.series(keyId, plan));
    return {
      key_id: keyId,
      bucket: plan.bucket,
      start_date: isoUtc(start),
      end_date: isoUtc(end),
      points: points.map((p) => ({ ...p, start: isoUtc(p.start) })),
    };
  }
}
