import fc from 'fast-check';
import { BASE62, keyChecksum, toBase62 } from './key-checksum';
import { displayPrefix, ENVIRONMENTS, generateKey, lookupDigest, parseKey } from './key-format';

describe('key format', () => {
  it('pins the checksum: CRC32 (zlib) of the text before it, base62, padded to 6', () => {
    // Expected values computed independently with Python's zlib.crc32 and a base62 encoder.
    expect(keyChecksum('hk_live_' + 'A'.repeat(26))).toBe('3WkFDp'); // crc 0xc0a86ac5
    expect(keyChecksum('hk_test_abcdefghijklmnopqrstuvwxyz')).toBe('4eF4og'); // crc 0xfddde6de
    expect(keyChecksum('hk_dev_0123456789ABCDEFGHIJKLMNOP')).toBe('0TGZRC'); // crc 0x19c6dd72, padded
    expect(parseKey('hk_test_abcdefghijklmnopqrstuvwxyz4eF4og')).toEqual({
      environment: 'test',
      prefix: 'hk_test_',
      random: 'abcdefghijklmnopqrstuvwxyz',
    });
    expect(toBase62(0, 6)).toBe('000000');
    expect(toBase62(61, 6)).toBe('00000z');
    expect(toBase62(62, 6)).toBe('000010');
    expect(toBase62(4294967295, 6)).toBe('4gfFC3');
  });

  it.each([
    ['production', 'hk_live_'],
    ['test', 'hk_test_'],
    ['development', 'hk_dev_'],
  ] as const)('generates %s keys with the %s prefix and 32 base62 characters', (env, prefix) => {
    const key = generateKey(env);
    expect(key.startsWith(prefix)).toBe(true);
    expect(key).toMatch(/^hk_(live|test|dev)_[0-9A-Za-z]{32}$/);
    expect(parseKey(key)).toEqual({ environment: env, prefix, random: key.slice(prefix.length, prefix.length + 26) });
  });

  it('masks the display prefix to the first three random characters', () => {
    const key = generateKey('production');
    expect(displayPrefix(parseKey(key)!)).toBe(`hk_live_${key.slice(8, 11)}***`);
  });

  it('property: every generated key parses', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ENVIRONMENTS), (env) => parseKey(generateKey(env))?.environment === env),
      { numRuns: 500 },
    );
  });

  it('property: any single-character change is rejected', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ENVIRONMENTS), fc.nat(), fc.nat(), (env, at, by) => {
        const key = generateKey(env);
        const i = at % key.length;
        const alphabet = BASE62 + '_-';
        const replacement = alphabet[(alphabet.indexOf(key[i]) + 1 + (by % (alphabet.length - 1))) % alphabet.length];
        const changed = key.slice(0, i) + replacement + key.slice(i + 1);
        return changed === key || parseKey(changed) === null;
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    undefined,
    null,
    42,
    '',
    'hk_live_',
    'hk_prod_' + 'A'.repeat(32),
    'hk_live_' + 'A'.repeat(31),
    'hk_live_' + 'A'.repeat(33),
    'hk_live_' + 'A'.repeat(26) + '000000',
    'x'.repeat(10_000),
  ])('rejects %j without throwing', (candidate) => {
    expect(parseKey(candidate)).toBeNull();
  });

  it('derives a stable 64-hex lookup digest that is not the key', () => {
    const key = generateKey('test');
    expect(lookupDigest(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(lookupDigest(key)).toBe(lookupDigest(key));
    expect(lookupDigest(key)).not.toContain(key.slice(8));
  });
});
