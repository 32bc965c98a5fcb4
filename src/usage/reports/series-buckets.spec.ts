import { BucketTotals, fillSeries, planSeries } from './series-buckets';

const at = (iso: string) => new Date(iso);
const totals = (iso: string, t: Partial<BucketTotals>): BucketTotals => ({
  bucketStart: at(iso),
  requests: 0,
  predictions: 0,
  computeMs: 0,
  knownRequests: 0,
  errorRequests: 0,
  knownResponseMs: 0,
  ...t,
});

describe('planSeries', () => {
  it('covers the hour holding the start through the hour holding the end', () => {
    const plan = planSeries(at('2026-11-24T10:15:00Z'), at('2026-11-24T12:00:00Z'), 'hour');
    expect(new Date(plan.from).toISOString()).toBe('2026-11-24T10:00:00.000Z');
    expect(new Date(plan.to).toISOString()).toBe('2026-11-24T13:00:00.000Z');
    expect(plan.points).toBe(3);
  });

  it('aligns day buckets to UTC midnight, the end day included', () => {
    const plan = planSeries(at('2026-11-01T23:59:59Z'), at('2026-11-03T00:00:00Z'), 'day');
    expect(new Date(plan.from).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(plan.points).toBe(3);
  });

  it('counts the default week as 169 hours (both ends inclusive) and one instant as one bucket', () => {
    const end = at('2026-12-03T16:30:00Z');
    expect(planSeries(new Date(end.getTime() - 7 * 86_400_000), end, 'hour').points).toBe(169);
    expect(planSeries(end, end, 'day').points).toBe(1);
  });
});

describe('fillSeries', () => {
  const plan = planSeries(at('2026-11-24T10:00:00Z'), at('2026-11-24T13:59:59Z'), 'hour');

  it('gives every bucket a point, oldest first, with zeros for empty hours', () => {
    const points = fillSeries(plan, [totals('2026-11-24T12:00:00Z', { requests: 4, predictions: 9, computeMs: 70 })]);
    expect(points.map((p) => p.start.toISOString())).toEqual([
      '2026-11-24T10:00:00.000Z',
      '2026-11-24T11:00:00.000Z',
      '2026-11-24T12:00:00.000Z',
      '2026-11-24T13:00:00.000Z',
    ]);
    expect(points.map((p) => p.requests)).toEqual([0, 0, 4, 0]);
    expect(points[2]).toMatchObject({ predictions: 9, compute_ms: 70 });
    expect(points[0]).toEqual({
      start: at('2026-11-24T10:00:00Z'),
      requests: 0,
      predictions: 0,
      compute_ms: 0,
      errors: 0,
      avg_response_time_ms: 0,
    });
  });

  it('leaves status-0 events out of errors and the average, as the stats do', () => {
    // 5 requests: 2 with status 0, 3 known (one an error) taking 10 + 20 + 31 ms.
    const [, point] = fillSeries(plan, [
      totals('2026-11-24T11:00:00Z', { requests: 5, knownRequests: 3, errorRequests: 1, knownResponseMs: 61 }),
    ]);
    expect(point).toMatchObject({ requests: 5, errors: 1, avg_response_time_ms: 20.33 });
  });

  it('averages 0 for a bucket whose events all had status 0', () => {
    const [point] = fillSeries(plan, [totals('2026-11-24T10:00:00Z', { requests: 2 })]);
    expect(point).toMatchObject({ requests: 2, errors: 0, avg_response_time_ms: 0 });
  });

  it('ignores rows outside the plan', () => {
    const points = fillSeries(plan, [
      totals('2026-11-24T09:00:00Z', { requests: 7 }),
      totals('2026-11-24T14:00:00Z', { requests: 7 }),
    ]);
    expect(points.reduce((sum, p) => sum + p.requests, 0)).toBe(0);
  });
});
