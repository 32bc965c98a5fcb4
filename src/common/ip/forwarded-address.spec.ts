import { forwardedAddress } from './forwarded-address';

describe('forwardedAddress', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    [' 203.0.113.9 ', '203.0.113.9'],
    ['203.0.113.9:5123', '203.0.113.9'],
    ['[::1]', '::1'],
    ['[::1]:8080', '::1'],
    ['[2001:DB8::1]:443', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['[fe80::1%25eth0]:80', 'fe80::1'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['2001:db8::1', '2001:db8::1'],
  ])('%j is %j', (entry, expected) => expect(forwardedAddress(entry)).toBe(expected));

  it.each([
    'unknown',
    '',
    undefined,
    '_hidden',
    'for=1.2.3.4',
    '010.0.0.1',
    '1.2.3.4:port',
    '1.2.3',
    '[]',
    '[1.2.3.4',
    '%eth0',
    'x'.repeat(5000),
  ])('%j is not an address', (entry) => expect(forwardedAddress(entry)).toBeNull());
});
