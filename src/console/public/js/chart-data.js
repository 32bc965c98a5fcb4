// Pure arithmetic between the API's usage answers and uPlot's column arrays (x in Unix seconds, one array per
// series). No DOM, so src/console/chart-data.spec.ts checks in node that the chart plots exactly the API's points.

const DAY_MS = 86_400_000;

/** The two views of one key (issue 21): 7 days by the hour, 90 days by the day; both under the route's 2,000 points. */
export const SERIES_RANGES = {
  hour: { days: 7, label: 'Per hour, last 7 days' },
  day: { days: 90, label: 'Per day, last 90 days' },
};

/** Query of GET /api/v1/usage/{key_id}/series for a range ending now. */
export function seriesQuery(bucket, now = new Date()) {
  const range = SERIES_RANGES[bucket];
  if (!range) throw new Error(`unknown bucket ${bucket}`);
  const start = new Date(now.getTime() - range.days * DAY_MS);
  return { bucket, start_date: start.toISOString(), end_date: now.toISOString() };
}

/** The series route's points as uPlot data: [x, requests, errors]. */
export function seriesToChart(points) {
  return [points.map((p) => Date.parse(p.start) / 1000), points.map((p) => p.requests), points.map((p) => p.errors)];
}

/** Every UTC date from start to end inclusive ("YYYY-MM-DD"): the aggregate only lists days that had usage. */
export function datesBetween(startDate, endDate) {
  const out = [];
  const end = Date.parse(`${endDate}T00:00:00Z`);
  for (let t = Date.parse(`${startDate}T00:00:00Z`); t <= end; t += DAY_MS)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * The aggregate's usage_by_date as a stacked chart: services sorted by name, one requests column each with zeros on
 * quiet days, and the running sums that are drawn (the tallest, the total, first, so each shorter one paints over it).
 */
export function aggregateToStacked(usageByDate, startDate, endDate, metric = 'requests') {
  const dates = datesBetween(startDate, endDate);
  const services = [...new Set(Object.values(usageByDate).flatMap((day) => Object.keys(day)))].sort();
  const raw = services.map((s) => dates.map((d) => usageByDate[d]?.[s]?.[metric] ?? 0));
  const sums = raw.map((_, i) => dates.map((_d, j) => raw.slice(0, i + 1).reduce((acc, col) => acc + col[j], 0)));
  return {
    dates,
    services,
    raw,
    x: dates.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000),
    stacked: sums,
  };
}

/** "YYYY-MM-DD" of a Date in UTC, for the platform view's default range. */
export function utcDate(d) {
  return d.toISOString().slice(0, 10);
}

export function daysAgo(now, days) {
  return new Date(now.getTime() - days * DAY_MS);
}
