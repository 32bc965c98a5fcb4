import { aggregateToStacked, datesBetween, seriesQuery, seriesToChart } from './public/js/chart-data.js';

// The console's chart arithmetic, run in node on the very file the browser loads (no build step between them).
describe('chart data', () => {
  const now = new Date('2026-12-03T17:30:00.000Z');

  it.each([
    ['hour', '2026-11-26T17:30:00.000Z'],
    ['day', '2026-09-04T17:30:00.000Z'],
  ])('asks the series route for the %s range ending now', (bucket, start) => {
    expect(seriesQuery(bucket, now)).toEqual({ bucket, start_date: start, end_date: '2026-12-03T17:30:00.000Z' });
  });

  it('refuses a bucket the route does not have', () => {
    expect(() => seriesQuery('week', now)).toThrow('unknown bucket week');
  });

  it('plots every point of the series as it is: x in Unix seconds, requests and errors, zeros kept', () => {
    const points = [
      {
        start: '2026-12-03T15:00:00+00:00',
        requests: 4,
        errors: 1,
        predictions: 0,
        compute_ms: 0,
        avg_response_time_ms: 3,
      },
      {
        start: '2026-12-03T16:00:00+00:00',
        requests: 0,
        errors: 0,
        predictions: 0,
        compute_ms: 0,
        avg_response_time_ms: 0,
      },
    ];
    expect(seriesToChart(points)).toEqual([
      [1796310000, 1796313600],
      [4, 0],
      [1, 0],
    ]);
  });

  it('lists every UTC date of a range, across a month end', () => {
    expect(datesBetween('2026-11-29', '2026-12-02')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    expect(datesBetween('2026-12-02', '2026-12-01')).toEqual([]);
  });

  it('stacks the aggregate by service, sorted by name, with zeros on quiet days and running sums to draw', () => {
    const usage = {
      '2026-12-01': { website: { requests: 2 }, platform: { requests: 5 } },
      '2026-12-03': { prediction: { requests: 7 } },
    };
    expect(aggregateToStacked(usage, '2026-12-01', '2026-12-03')).toEqual({
      dates: ['2026-12-01', '2026-12-02', '2026-12-03'],
      services: ['platform', 'prediction', 'website'],
      raw: [
        [5, 0, 0],
        [0, 0, 7],
        [2, 0, 0],
      ],
      x: [1796083200, 1796169600, 1796256000],
      stacked: [
        [5, 0, 0],
        [5, 0, 7],
        [7, 0, 7],
      ],
    });
  });

  it('gives an empty chart, not an error, for a range without usage', () => {
    expect(aggregateToStacked({}, '2026-12-01', '2026-12-02')).toEqual({
      dates: ['2026-12-01', '2026-12-02'],
      services: [],
      raw: [],
      x: [1796083200, 1796169600],
      stacked: [],
    });
  });
});
