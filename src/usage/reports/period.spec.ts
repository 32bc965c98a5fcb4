import { monthStartOf, parsePeriod, periodOf } from './period';

describe('UTC periods', () => {
  it('parses YYYY-MM into the month in UTC, end exclusive', () => {
    expect(parsePeriod('2026-11')).toEqual({
      label: '2026-11',
      start: new Date('2026-11-01T00:00:00.000Z'),
      end: new Date('2026-12-01T00:00:00.000Z'),
    });
    expect(parsePeriod('2026-12')?.end).toEqual(new Date('2027-01-01T00:00:00.000Z'));
    expect(parsePeriod('2028-02')?.end).toEqual(new Date('2028-03-01T00:00:00.000Z'));
  });

  it.each([
    '2026-13',
    '2026-00',
    '2026-1',
    '26-11',
    '2026-11-01',
    ' 2026-11',
    '2026/11',
    '',
    '0099-05',
    '1969-12',
    '3000-01',
  ])('refuses %j', (text) => {
    expect(parsePeriod(text)).toBeUndefined();
  });

  it('puts the last millisecond of a month in that month, whatever the local time zone says', () => {
    expect(periodOf(new Date('2026-11-30T23:59:59.999Z')).label).toBe('2026-11');
    expect(periodOf(new Date('2026-12-01T00:00:00.000Z')).label).toBe('2026-12');
    expect(periodOf(new Date('2026-12-01T00:30:00.000+01:00')).label).toBe('2026-11');
    expect(monthStartOf(new Date('2026-02-28T12:00:00Z'))).toBe(Date.UTC(2026, 1, 1));
  });
});
