import { readFileSync } from 'node:fs';
import { createPublicKey, KeyObject } from 'node:crypto';

/*
 * GitHub's secret-scanning public keys (issue 20): the JSON document GitHub publishes,
 * {"public_keys": [{"key_identifier", "key": "<PEM>", "is_current"}]}, given inline or as a file (a secret mount).
 * Checked whole at boot so that a broken document stops the start instead of refusing every report later.
 */
export interface ScanningPublicKey {
  readonly identifier: string;
  /** An ECDSA P-256 public key: GitHub signs with ECDSA over P-256 and SHA-256. */
  readonly key: KeyObject;
  readonly isCurrent: boolean;
}

export type ScanningKeysResult = { value: readonly ScanningPublicKey[] | undefined } | { problem: string };

const INLINE = 'SECRET_SCANNING_GITHUB_KEYS';
const FILE = 'SECRET_SCANNING_GITHUB_KEYS_FILE';

/** Reads the document from whichever variable is set; neither: undefined (the endpoint answers 404). */
export function parseScanningKeys(inline: string | undefined, file: string | undefined): ScanningKeysResult {
  if (inline !== undefined && file !== undefined) return { problem: `${FILE} must not be set together with ${INLINE}` };
  if (inline !== undefined) return parseDocument(inline, INLINE);
  if (file === undefined) return { value: undefined };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { problem: `${FILE} must name a readable file` };
  }
  return parseDocument(text, FILE);
}

// The one-line problems never quote the document: it is configuration an operator pasted, possibly the wrong secret.
function parseDocument(text: string, name: string): ScanningKeysResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { problem: `${name} must be a JSON document {"public_keys": [...]}` };
  }
  const list = (doc as { public_keys?: unknown } | null)?.public_keys;
  if (!Array.isArray(list) || list.length === 0)
    return { problem: `${name} must hold a non-empty "public_keys" array` };
  const keys: ScanningPublicKey[] = [];
  for (const [i, entry] of list.entries()) {
    const parsed = parseEntry(entry);
    if (typeof parsed === 'string') return { problem: `${name} public_keys[${i}] ${parsed}` };
    keys.push(parsed);
  }
  return { value: Object.freeze(keys) };
}

function parseEntry(entry: unknown): ScanningPublicKey | string {
  if (entry === null || typeof entry !== 'object') return 'must be an object';
  const { key_identifier: identifier, key, is_current: isCurrent } = entry as Record<string, unknown>;
  if (typeof identifier !== 'string' || identifier.length === 0 || identifier.length > 512) {
    return 'key_identifier must be a string of 1 to 512 characters';
  }
  if (isCurrent !== undefined && typeof isCurrent !== 'boolean') return 'is_current must be a boolean';
  if (typeof key !== 'string') return 'key must be a PEM public key';
  let object: KeyObject;
  try {
    object = createPublicKey(key);
  } catch {
    return 'key must be a PEM public key';
  }
  if (object.asymmetricKeyType !== 'ec' || object.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    return 'key must be an ECDSA P-256 public key';
  }
  return { identifier, key: object, isCurrent: isCurrent ?? false };
}
