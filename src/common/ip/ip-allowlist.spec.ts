import fc from 'fast-check';
import {
  allowlistMatches,
  canonicalAddress,
  compileAllowlist,
  displayAllowlistEntry,
  isIpAddress,
  normalizeAllowlistEntry,
} from './ip-allowlist';

describe('allowlist entries', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    [' 10.0.0.1 ', '10.0.0.1'],
    ['10.0.0.7/24', '10.0.0.0/24'],
    ['10.0.0.1/32', '10.0.0.1'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['2001:DB8:0:0::1', '2001:db8::1'],
    ['2001:db8::1/128', '2001:db8::1'],
    ['2001:db8:abcd::5/48', '2001:db8:abcd::/48'],
    ['::ffff:192.168.1.9', '192.168.1.9'],
    ['::ffff:10.0.0.0/104', '10.0.0.0/8'],
  ])('normalises %j to %j', (input, expected) => expect(normalizeAllowlistEntry(input)).toBe(expected));

  it.each([
    '',
    'testclient',
    '10',
    '10.0.0',
    '0x0a.0.0.1',
    '10.0.0.256',
    '10.0.0.1/33',
    '10.0.0.1/',
    '10.0.0.1/8/8',
    '2001:db8::1/129',
    'fe80::1%eth0',
    'a'.repeat(100),
    42,
    null,
    // Issue 16 item 12: leading zeros were read as octal (010.0.0.0/8 stored as 8.0.0.0/8) and the deprecated
    // IPv4-compatible ::a.b.c.d as the mapped IPv4 address.
    '010.0.0.0/8',
    '10.0.0.010',
    '::ffff:010.0.0.1',
    '::10.1.2.3',
    '::10.1.2.3/128',
    '::a01:203',
  ])('rejects %j', (input) => expect(normalizeAllowlistEntry(input)).toBeNull());
});

describe('allowlistMatches', () => {
  const list = compileAllowlist(['10.0.0.0/24', '192.168.1.5', '2001:db8::/32', '::1']);

  it.each([
    ['10.0.0.1', true],
    ['10.0.0.255', true],
    ['10.0.1.1', false],
    ['192.168.1.5', true],
    ['192.168.1.6', false],
    ['::ffff:10.0.0.9', true],
    ['::ffff:192.168.1.5', true],
    ['2001:db8:1::7', true],
    ['2001:db9::1', false],
    ['::1', true],
    ['testclient', false],
    ['::10.1.2.3', false],
    ['010.0.0.1', false],
    ['', false],
    [undefined, false],
  ])('%j -> %s', (ip, expected) => expect(allowlistMatches(list, ip)).toBe(expected));

  it('property: never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string(), (s) => typeof allowlistMatches(list, s) === 'boolean'));
    fc.assert(fc.property(fc.string(), (s) => typeof isIpAddress(s) === 'boolean'));
  });

  it('property: every IPv4 address matches 0.0.0.0/0 and itself', () => {
    fc.assert(
      fc.property(
        fc.ipV4(),
        (ip) => allowlistMatches(compileAllowlist(['0.0.0.0/0']), ip) && allowlistMatches(compileAllowlist([ip]), ip),
      ),
    );
  });
});

describe('canonicalAddress', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['::ffff:10.0.0.1', '10.0.0.1'],
    ['::FFFF:a00:1', '10.0.0.1'],
    ['2001:DB8:0::1', '2001:db8::1'],
    ['::10.1.2.3', '::a01:203'],
    ['::', '::'],
    ['::1', '::1'],
  ])('%j is %j', (input, expected) => expect(canonicalAddress(input)).toBe(expected));

  it.each(['010.0.0.1', '1.2.3.4:80', '[::1]', 'fe80::1%eth0', 'unknown', '', '10.0.0', ' 10.0.0.1'])(
    '%j is no address',
    (input) => expect(canonicalAddress(input)).toBeNull(),
  );
});

describe('displayAllowlistEntry', () => {
  it.each([
    ['10.0.0.1/32', '10.0.0.1'],
    ['10.0.0.0/24', '10.0.0.0/24'],
    ['2001:db8::1/128', '2001:db8::1'],
    ['2001:db8::/32', '2001:db8::/32'],
  ])('%s -> %s', (stored, shown) => expect(displayAllowlistEntry(stored)).toBe(shown));
});
