import { parseTimestamp } from '../../common/time/parse-timestamp';
import { HandWrittenViolation, RequestValidationError } from '../../common/errors/request-validation.error';

const DAY_MS = 86_400_000;
export const DEFAULT_RANGE_DAYS = 30;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
// Years outside this range are typos, and years below 100 would be read as 19xx by Date.UTC.
const SANE_YEAR = /^(19[7-9]\d|2\d{3})-/;
// An unencoded `+` in a query string arrives as a space: `…T10:00:00 00:00` meant `…T10:00:00+00:00`.
const SPACED_OFFSET = /(T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?) (\d{2}(?::?\d{2})?)$/;

/** An aggregate's time range, both ends inclusive, at the database's millisecond precision. */
export interface ReportRange {
  start: Date;
  end: Date;
}

/**
 * A timestamp or a date (CONTRACT.md "aggregate"). A date as the end means the whole day, so
 * `end_date=2026-11-24` includes that day's last millisecond.
 */
export function parseReportInstant(text: string, edge: 'start' | 'end'): Date | null {
  const normalised = text.trim().replace(SPACED_OFFSET, '$1+$2');
  const instant = SANE_YEAR.test(normalised) ? parseTimestamp(normalised) : null;
  if (!instant) return null;
  return edge === 'end' && DATE_ONLY.test(normalised) ? new Date(instant.getTime() + DAY_MS - 1) : instant;
}

/**
 * Defaults (the last `defaultDays` up to now: 30 for the aggregate); a reversed range is a 422 at end_date. Any length is accepted (CONTRACT.md
 * "aggregate": the public docs' example asks from 2025-01-01 to now): the answer holds only days with usage, read
 * from the hourly rollup, so a long range costs its days of usage, not its length.
 */
export function resolveReportRange(
  query: { start_date?: string; end_date?: string },
  now: Date,
  defaultDays = DEFAULT_RANGE_DAYS,
): ReportRange {
  const end = query.end_date ? parseReportInstant(query.end_date, 'end') : now;
  const start = query.start_date
    ? parseReportInstant(query.start_date, 'start')
    : new Date(end!.getTime() - defaultDays * DAY_MS);
  if (!start || !end) throw violation('must be a timestamp (ISO 8601) or a date (YYYY-MM-DD)');
  if (end < start) throw violation('end_date must not be before start_date');
  return { start, end };
}

export function violation(msg: string, field = 'end_date'): HandWrittenViolation {
  return RequestValidationError.of('query', [field], msg);
}
