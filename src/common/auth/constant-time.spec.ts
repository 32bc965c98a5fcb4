import { matchesAny } from './constant-time';

describe('matchesAny', () => {
  it('accepts any of the accepted secrets and nothing else', () => {
    expect(matchesAny('current', ['current', 'previous'])).toBe(true);
    expect(matchesAny('previous', ['current', 'previous'])).toBe(true);
    expect(matchesAny('curren', ['current', 'previous'])).toBe(false);
    expect(matchesAny('current ', ['current'])).toBe(false);
    expect(matchesAny('', ['current'])).toBe(false);
    expect(matchesAny('x', [])).toBe(false);
  });

  it('compares every candidate, whatever matched first (no early exit)', () => {
    const crypto = jest.requireActual('node:crypto');
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    matchesAny('current', ['current', 'previous', 'third']);
    expect(spy).toHaveBeenCalledTimes(3);
    spy.mockRestore();
  });
});
