import { generateKeyPairSync, sign } from 'node:crypto';
import type { ScanningPublicKey } from '../config/scanning-keys';
import { isSignedByGithub } from './github-signature';

const pair = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const current = pair();
const previous = pair();
const KEYS: ScanningPublicKey[] = [
  { identifier: 'current', key: current.publicKey, isCurrent: true },
  { identifier: 'previous', key: previous.publicKey, isCurrent: false },
];
const BODY = Buffer.from(
  '[{"token":"hk_live_x","type":"hokusai_api_key","url":"https://github.com/o/r","source":"content"}]',
);
const signed = (body: Buffer, key = current.privateKey) => sign('sha256', body, key).toString('base64');

describe('isSignedByGithub', () => {
  it('accepts the signature of the raw bytes by the named key, current or not', () => {
    expect(isSignedByGithub(KEYS, 'current', signed(BODY), BODY)).toBe(true);
    expect(isSignedByGithub(KEYS, 'previous', signed(BODY, previous.privateKey), BODY)).toBe(true);
  });

  it('refuses the same JSON re-serialised: the bytes are what is signed', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(BODY.toString()), null, 1));
    expect(isSignedByGithub(KEYS, 'current', signed(BODY), reserialised)).toBe(false);
  });

  it.each([
    ['a tampered body', 'current', signed(BODY), Buffer.from(BODY.toString().replace('o/r', 'o/x'))],
    ['another listed key named', 'previous', signed(BODY), BODY],
    ['an unknown identifier', 'nobody', signed(BODY), BODY],
    ['a missing identifier', undefined, signed(BODY), BODY],
    ['a missing signature', 'current', undefined, BODY],
    ['an empty signature', 'current', '', BODY],
    ['a signature that is not base64', 'current', '!!!', BODY],
    ['base64 that is not DER', 'current', Buffer.from('not a signature').toString('base64'), BODY],
    ['a header sent twice (an array)', 'current', [signed(BODY), signed(BODY)], BODY],
    ['an oversized header', 'current', 'A'.repeat(5000), BODY],
    ['an empty body', 'current', signed(BODY), Buffer.alloc(0)],
  ])('%s: false, never a throw', (_label, identifier, signature, body) => {
    expect(isSignedByGithub(KEYS, identifier, signature, body)).toBe(false);
  });
});
