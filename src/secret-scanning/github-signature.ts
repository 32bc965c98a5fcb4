import { verify } from 'node:crypto';
import type { ScanningPublicKey } from '../config/scanning-keys';

/*
 * GitHub secret scanning signs each report with ECDSA P-256 over SHA-256 of the exact body bytes; the signature
 * comes base64 (DER) in Github-Public-Key-Signature, the signing key's id in Github-Public-Key-Identifier. Pure.
 */
const MAX_HEADER_LENGTH = 1024;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Whether `body` carries a valid signature by the listed key it names; any missing or odd header is simply false. */
export function isSignedByGithub(
  keys: readonly ScanningPublicKey[],
  identifier: unknown,
  signature: unknown,
  body: Buffer,
): boolean {
  if (!isHeader(identifier) || !isHeader(signature) || !BASE64.test(signature)) return false;
  // Any listed key, current or not: GitHub keeps signing with the old one for a while after a rotation.
  const key = keys.find((k) => k.identifier === identifier);
  if (!key) return false;
  try {
    return verify('sha256', body, { key: key.key, dsaEncoding: 'der' }, Buffer.from(signature, 'base64'));
  } catch {
    // A signature that is not DER at all: OpenSSL may throw instead of answering false.
    return false;
  }
}

function isHeader(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_HEADER_LENGTH;
}
