import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './load-config';
import { parseScanningKeys } from './scanning-keys';

const pem = (curve: string) =>
  generateKeyPairSync('ec', { namedCurve: curve }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const P256 = pem('prime256v1');
const doc = (keys: unknown) => JSON.stringify({ public_keys: keys });
const TOKEN = 'a'.repeat(32);

describe('parseScanningKeys', () => {
  it('neither variable set: no keys, the endpoint is off', () => {
    expect(parseScanningKeys(undefined, undefined)).toEqual({ value: undefined });
  });

  it('reads the inline document, is_current defaulting to false', () => {
    const sut = parseScanningKeys(
      doc([
        { key_identifier: 'k1', key: P256, is_current: true },
        { key_identifier: 'k0', key: P256 },
      ]),
      undefined,
    );
    expect('value' in sut && sut.value?.map((k) => [k.identifier, k.isCurrent, k.key.asymmetricKeyType])).toEqual([
      ['k1', true, 'ec'],
      ['k0', false, 'ec'],
    ]);
  });

  it('reads the document from a file (a secret mount)', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'hk-scan-')), 'keys.json');
    writeFileSync(path, doc([{ key_identifier: 'k1', key: P256, is_current: true }]));
    const sut = parseScanningKeys(undefined, path);
    expect('value' in sut && sut.value?.map((k) => k.identifier)).toEqual(['k1']);
  });

  it.each([
    ['{not json', undefined, 'SECRET_SCANNING_GITHUB_KEYS must be a JSON document {"public_keys": [...]}'],
    [doc([]), undefined, 'SECRET_SCANNING_GITHUB_KEYS must hold a non-empty "public_keys" array'],
    ['{"keys": []}', undefined, 'SECRET_SCANNING_GITHUB_KEYS must hold a non-empty "public_keys" array'],
    [doc(['x']), undefined, 'SECRET_SCANNING_GITHUB_KEYS public_keys[0] must be an object'],
    [
      doc([{ key: P256 }]),
      undefined,
      'SECRET_SCANNING_GITHUB_KEYS public_keys[0] key_identifier must be a string of 1 to 512 characters',
    ],
    [
      doc([{ key_identifier: 'k', key: 'secret-looking-garbage' }]),
      undefined,
      'SECRET_SCANNING_GITHUB_KEYS public_keys[0] key must be a PEM public key',
    ],
    [
      doc([{ key_identifier: 'k', key: pem('secp384r1') }]),
      undefined,
      'SECRET_SCANNING_GITHUB_KEYS public_keys[0] key must be an ECDSA P-256 public key',
    ],
    [
      doc([{ key_identifier: 'k', key: P256, is_current: 'yes' }]),
      undefined,
      'SECRET_SCANNING_GITHUB_KEYS public_keys[0] is_current must be a boolean',
    ],
    [undefined, '/nonexistent/keys.json', 'SECRET_SCANNING_GITHUB_KEYS_FILE must name a readable file'],
    [
      doc([{ key_identifier: 'k', key: P256 }]),
      '/x',
      'SECRET_SCANNING_GITHUB_KEYS_FILE must not be set together with SECRET_SCANNING_GITHUB_KEYS',
    ],
  ])('%s / %s: one line naming the variable', (inline, file, problem) => {
    expect(parseScanningKeys(inline, file)).toEqual({ problem });
  });

  it('loadConfig stops with that line and never quotes the document', () => {
    const start = () =>
      loadConfig({ ADMIN_TOKEN: TOKEN, DATA_DIR: 'memory://', SECRET_SCANNING_GITHUB_KEYS: 'hk_live_secretish' });
    expect(start).toThrow('SECRET_SCANNING_GITHUB_KEYS must be a JSON document {"public_keys": [...]}');
    expect(start).not.toThrow(/secretish/);
  });

  it('loadConfig: revoke by default, report on request, anything else refused by name', () => {
    expect(loadConfig({ ADMIN_TOKEN: TOKEN, DATA_DIR: 'memory://' }).leakedKeyAction).toBe('revoke');
    expect(loadConfig({ ADMIN_TOKEN: TOKEN, DATA_DIR: 'memory://', LEAKED_KEY_ACTION: 'report' }).leakedKeyAction).toBe(
      'report',
    );
    expect(() => loadConfig({ ADMIN_TOKEN: TOKEN, DATA_DIR: 'memory://', LEAKED_KEY_ACTION: 'delete' })).toThrow(
      /^LEAKED_KEY_ACTION /,
    );
  });
});
