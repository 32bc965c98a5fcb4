import { endOfMinute, secondsUntil } from './minute-window';

describe('endOfMinute', () => {
  it('is the next whole minute, also on the minute itself', () => {
    expect(endOfMinute(Date.UTC(2026, 0, 1, 0, 0, 59, 999))).toBe(Date.UTC(2026, 0, 1, 0, 1));
    expect(endOfMinute(Date.UTC(2026, 0, 1, 0, 1))).toBe(Date.UTC(2026, 0, 1, 0, 2));
  });
});

describe('secondsUntil', () => {
  it('rounds up and never answers less than one second', () => {
    expect(secondsUntil(10_001, 0)).toBe(11);
    expect(secondsUntil(10, 10)).toBe(1);
  });
});
