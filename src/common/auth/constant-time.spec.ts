import { SecretMatcher } from './constant-time';

describe('SecretMatcher', () => {
  it('accepts any of the accepted secrets and nothing else', () => {
    const sut = new SecretMatcher(['current', 'previous']);
    expect(sut.matches('current')).toBe(true);
    expect(sut.matches('previous')).toBe(true);
    expect(sut.matches('curren')).toBe(false);
    expect(sut.matches('current ')).toBe(false);
    expect(sut.matches('')).toBe(false);
    expect(new SecretMatcher([]).matches('x')).toBe(false);
  });

  it('compares every candidate, whatever matched first (no early exit)', () => {
    const crypto = jest.requireActual('node:crypto');
    const sut = new SecretMatcher(['current', 'previous', 'third']);
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    sut.matches('current');
    expect(spy).toHaveBeenCalledTimes(3);
    spy.mockRestore();
  });

  it('hashes the accepted secrets once, and only the presented one per comparison', () => {
    const crypto = jest.requireActual('node:crypto');
    const spy = jest.spyOn(crypto, 'createHash');
    const sut = new SecretMatcher(['current', 'previous']);
    expect(spy).toHaveBeenCalledTimes(2);
    sut.matches('current');
    sut.matches('other');
    expect(spy).toHaveBeenCalledTimes(4);
    spy.mockRestore();
  });
});
