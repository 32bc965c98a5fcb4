import { HandWrittenViolation } from '../../common/errors/request-validation.error';
import { parseReportInstant, resolveReportRange } from './report-range';

describe('aggregate ranges', () => {
  const now = new Date('2026-11-25T10:15:30.123Z');

  it('reads timestamps with Z, an offset, no offset (UTC), or an offset whose + became a space', () => {
    expect(parseReportInstant('2026-11-24T10:00:00Z', 'start')).toEqual(new Date('2026-11-24T10:00:00.000Z'));
    expect(parseReportInstant('2026-11-24T12:00:00+02:00', 'start')).toEqual(new Date('2026-11-24T10:00:00.000Z'));
    expect(parseReportInstant('2026-11-24T10:00:00', 'end')).toEqual(new Date('2026-11-24T10:00:00.000Z'));
    expect(parseReportInstant('2026-11-24T10:00:00 00:00', 'start')).toEqual(new Date('2026-11-24T10:00:00.000Z'));
    expect(parseReportInstant('2026-11-24T10:00:00.123456', 'start')).toEqual(new Date('2026-11-24T10:00:00.123Z'));
  });

  it('reads a date as the start of its day, or as the whole day when it ends the range', () => {
    expect(parseReportInstant('2026-11-24', 'start')).toEqual(new Date('2026-11-24T00:00:00.000Z'));
    expect(parseReportInstant('2026-11-24', 'end')).toEqual(new Date('2026-11-24T23:59:59.999Z'));
  });

  it.each(['2026-11-31', '24/11/2026', 'yesterday', '2026-11-24T25:00:00', '', '0050-01-01', '3000-01-01'])(
    'refuses %j',
    (text) => {
      expect(parseReportInstant(text, 'start')).toBeNull();
    },
  );

  it('defaults to the last 30 days up to now', () => {
    expect(resolveReportRange({}, now)).toEqual({ start: new Date('2026-10-26T10:15:30.123Z'), end: now });
    expect(resolveReportRange({ end_date: '2026-11-10' }, now)).toEqual({
      start: new Date('2026-10-11T23:59:59.999Z'),
      end: new Date('2026-11-10T23:59:59.999Z'),
    });
  });

  it('refuses a reversed range at end_date, and accepts a range of any length', () => {
    const reversed = () => resolveReportRange({ start_date: '2026-11-10', end_date: '2026-11-09' }, now);
    expect(reversed).toThrow(HandWrittenViolation);
    try {
      reversed();
    } catch (err) {
      expect((err as HandWrittenViolation).list).toEqual([
        { loc: ['query', 'end_date'], msg: 'end_date must not be before start_date', type: 'value_error' },
      ]);
    }
    expect(resolveReportRange({ start_date: '1970-01-01', end_date: '2999-12-31' }, now)).toEqual({
      start: new Date('1970-01-01T00:00:00.000Z'),
      end: new Date('2999-12-31T23:59:59.999Z'),
    });
    expect(resolveReportRange({ start_date: '2025-01-01', end_date: '2026-01-01' }, now).end).toEqual(
      new Date('2026-01-01T23:59:59.999Z'),
    );
    expect(resolveReportRange({ start_date: '2026-11-10', end_date: '2026-11-10' }, now)).toEqual({
      start: new Date('2026-11-10T00:00:00.000Z'),
      end: new Date('2026-11-10T23:59:59.999Z'),
    });
  });
});
