import { parseTrustProxy } from './trust-proxy';

describe('parseTrustProxy', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['off', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['10.0.0.0/8', ['10.0.0.0/8']],
    [' loopback, 10.0.0.7/8 ,2001:DB8::/32', ['loopback', '10.0.0.0/8', '2001:db8::/32']],
    ['192.168.1.1', ['192.168.1.1']],
  ])('%j is %j', (text, value) => expect(parseTrustProxy(text)).toEqual({ value }));

  it.each(['true', 'TRUE', 'yes', 'on', 't', 'y'])('%j (trust every hop) is refused, naming the variable', (text) =>
    expect(parseTrustProxy(text)).toEqual({
      problem: expect.stringMatching(/^TRUST_PROXY must be a hop count or a list of proxy CIDRs; true/),
    }),
  );

  it.each(['33', '-1', '1.5', '010.0.0.0/8', '10.0.0.0/8, nonsense', '::10.1.2.3', 'maybe'])('%j is refused', (text) =>
    expect(parseTrustProxy(text)).toEqual({ problem: expect.stringMatching(/^TRUST_PROXY /) }),
  );
});
