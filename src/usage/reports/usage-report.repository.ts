import { Injectable } from '@nestjs/common';
import { ReportsDatabase } from '../../database/reports-database';
import type { BucketTotals, SeriesPlan } from './series-buckets';
import type { PeriodTotals } from './usage-math';
import { sqlNumber } from '../entities/sql-number';

export interface DayServiceTotals {
  day: string;
  serviceId: string;
  requests: number;
  predictions: number;
  computeMs: number;
  knownRequests: number;
  knownResponseMs: number;
}

export interface MonthTotals {
  requests: number;
  predictions: number;
  computeMs: number;
}

/** A window of raw events read around the whole hours, so an aggregate between any two instants is exact. */
export interface AggregateWindow {
  start: Date;
  endExclusive: Date;
  fullHoursFrom: Date;
  fullHoursTo: Date;
  serviceId: string | null;
}

const PERIOD_TOTALS = `
  SELECT sum(requests) AS requests, sum(predictions) AS predictions, sum(compute_ms) AS compute_ms,
         sum(known_requests) AS known_requests, sum(error_requests) AS error_requests,
         sum(known_response_ms) AS known_response_ms
  FROM usage_hourly WHERE key_id = $1 AND hour_start >= $2 AND hour_start < $3`;

// Ties break on the endpoint's bytes, so the order is the same on every database and locale.
const TOP_ENDPOINTS = `
  SELECT endpoint, sum(requests) AS count
  FROM usage_hourly WHERE key_id = $1 AND hour_start >= $2 AND hour_start < $3
  GROUP BY endpoint ORDER BY sum(requests) DESC, endpoint COLLATE "C" LIMIT $4`;

const DAILY_BY_SERVICE = `
  WITH parts AS (
    SELECT hour_start AS at, service_id, requests, predictions, compute_ms, known_requests, known_response_ms
    FROM usage_hourly
    WHERE hour_start >= $1 AND hour_start < $2 AND ($5::varchar IS NULL OR service_id = $5)
    UNION ALL
    SELECT occurred_at, service_id, 1, predictions_count, compute_ms, CASE WHEN status_code <> 0 THEN 1 ELSE 0 END,
           CASE WHEN status_code <> 0 THEN response_time_ms ELSE 0 END
    FROM usage_events
    WHERE ((occurred_at >= $3 AND occurred_at < $1) OR (occurred_at >= $2 AND occurred_at < $4))
      AND ($5::varchar IS NULL OR service_id = $5)
  )
  SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, service_id, sum(requests) AS requests,
         sum(predictions) AS predictions, sum(compute_ms) AS compute_ms, sum(known_requests) AS known_requests,
         sum(known_response_ms) AS known_response_ms
  FROM parts GROUP BY 1, 2 ORDER BY 1, service_id COLLATE "C"`;

// Buckets aligned to the epoch in UTC, as planSeries aligns them; the rollup's hours never straddle a bucket.
const SERIES = `
  SELECT date_bin($4::interval, hour_start, TIMESTAMPTZ '1970-01-01 00:00:00+00') AS bucket_start,
         sum(requests) AS requests, sum(predictions) AS predictions, sum(compute_ms) AS compute_ms,
         sum(known_requests) AS known_requests, sum(error_requests) AS error_requests,
         sum(known_response_ms) AS known_response_ms
  FROM usage_hourly WHERE key_id = $1 AND hour_start >= $2 AND hour_start < $3
  GROUP BY 1 ORDER BY 1`;

/**
 * Reads of the usage aggregate: rollups first, raw events only for partial hours. Through the reports connection
 * (the read replica when REPORTS_DATABASE_URL is set), so a report may lag the primary by the replica's delay.
 */
@Injectable()
export class UsageReportRepository {
  constructor(private readonly db: ReportsDatabase) {}

  async periodTotals(keyId: string, from: Date, to: Date): Promise<PeriodTotals> {
    const [r] = await this.db.query(PERIOD_TOTALS, [keyId, from.toISOString(), to.toISOString()]);
    return periodTotalsOf(r);
  }

  async topEndpoints(
    keyId: string,
    from: Date,
    to: Date,
    limit: number,
  ): Promise<{ endpoint: string; count: number }[]> {
    const rows = await this.db.query(TOP_ENDPOINTS, [keyId, from.toISOString(), to.toISOString(), limit]);
    return rows.map((r) => ({ endpoint: String(r.endpoint), count: sqlNumber(r.count) }));
  }

  async monthTotals(keyId: string, monthStart: Date): Promise<MonthTotals> {
    const rows = await this.db.query(
      'SELECT requests, predictions, compute_ms FROM usage_monthly WHERE key_id = $1 AND month_start = $2',
      [keyId, monthStart.toISOString()],
    );
    const r = rows[0] ?? {};
    return {
      requests: sqlNumber(r.requests),
      predictions: sqlNumber(r.predictions),
      computeMs: sqlNumber(r.compute_ms),
    };
  }

  async dailyByService(w: AggregateWindow): Promise<DayServiceTotals[]> {
    const iso = (d: Date) => d.toISOString();
    const rows = await this.db.query(DAILY_BY_SERVICE, [
      iso(w.fullHoursFrom),
      iso(w.fullHoursTo),
      iso(w.start),
      iso(w.endExclusive),
      w.serviceId,
    ]);
    return rows.map((r) => ({
      day: String(r.day),
      serviceId: String(r.service_id),
      requests: sqlNumber(r.requests),
      predictions: sqlNumber(r.predictions),
      computeMs: sqlNumber(r.compute_ms),
      knownRequests: sqlNumber(r.known_requests),
      knownResponseMs: sqlNumber(r.known_response_ms),
    }));
  }

  async series(keyId: string, plan: SeriesPlan): Promise<BucketTotals[]> {
    const from = new Date(plan.from).toISOString();
    const rows = await this.db.query(SERIES, [keyId, from, new Date(plan.to).toISOString(), `1 ${plan.bucket}`]);
    return rows.map((r) => ({ bucketStart: new Date(r.bucket_start as string | Date), ...periodTotalsOf(r) }));
  }
}

/** A row of the rollup's sums (bigint columns, strings in pg) as numbers. */
function periodTotalsOf(r: Record<string, unknown>): PeriodTotals {
  return {
    requests: sqlNumber(r.requests),
    predictions: sqlNumber(r.predictions),
    computeMs: sqlNumber(r.compute_ms),
    knownRequests: sqlNumber(r.known_requests),
    errorRequests: sqlNumber(r.error_requests),
    knownResponseMs: sqlNumber(r.known_response_ms),
  };
}
