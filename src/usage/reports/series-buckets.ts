import { averageMs, type PeriodTotals } from './usage-math';

export type SeriesBucket = 'hour' | 'day';
export const SERIES_BUCKETS: readonly SeriesBucket[] = ['hour', 'day'];
/** More points than a chart can show; a wider range asks for day buckets (CONTRACT.md "series"). */
export const MAX_SERIES_POINTS = 2000;

const BUCKET_MS: Record<SeriesBucket, number> = { hour: 3_600_000, day: 86_400_000 };

/** The UTC-aligned buckets a range touches: the first holds `start`, the last holds `end` (inclusive). */
export interface SeriesPlan {
  bucket: SeriesBucket;
  /** Start of the first bucket, ms since the epoch. */
  from: number;
  /** End of the last bucket (exclusive), ms since the epoch: the rollup is read over [from, to). */
  to: number;
  points: number;
}

export function planSeries(start: Date, end: Date, bucket: SeriesBucket): SeriesPlan {
  const size = BUCKET_MS[bucket];
  // Hours and days both align to the epoch in UTC (no leap seconds in JavaScript time).
  const from = Math.floor(start.getTime() / size) * size;
  const to = Math.floor(end.getTime() / size) * size + size;
  return { bucket, from, to, points: (to - from) / size };
}

/** One bucket's sums from the hourly rollup. */
export interface BucketTotals extends PeriodTotals {
  bucketStart: Date;
}

export interface SeriesPoint {
  start: Date;
  requests: number;
  predictions: number;
  compute_ms: number;
  errors: number;
  avg_response_time_ms: number;
}

/**
 * Every bucket of the plan, oldest first, zeros where the rollup has nothing. As in the stats, events recorded
 * with status 0 (unknown) count as requests but neither as errors nor in the average response time.
 */
export function fillSeries(plan: SeriesPlan, totals: BucketTotals[]): SeriesPoint[] {
  const size = BUCKET_MS[plan.bucket];
  const byStart = new Map(totals.map((t) => [t.bucketStart.getTime(), t]));
  const points: SeriesPoint[] = [];
  for (let at = plan.from; at < plan.to; at += size) {
    const t = byStart.get(at);
    points.push({
      start: new Date(at),
      requests: t?.requests ?? 0,
      predictions: t?.predictions ?? 0,
      compute_ms: t?.computeMs ?? 0,
      errors: t?.errorRequests ?? 0,
      avg_response_time_ms: t ? averageMs(t.knownResponseMs, t.knownRequests) : 0,
    });
  }
  return points;
}
