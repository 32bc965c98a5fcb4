/** Secrets that must never reach a log line (CONTRACT.md: an API key appears in exactly one response). */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'req.body.api_key',
  'req.query.api_key',
  'api_key',
  'apiKey',
  'plaintext',
  '*.api_key',
  '*.apiKey',
  '*.plaintext',
  '*.authorization',
  '*.hash',
];

// The key format secret scanners match (ARCHITECTURE.md "Key format"): the prefix and 32 base62 characters. What a
// line keeps is the masked display prefix the API itself shows (hk_live_AbC***).
const KEY_SHAPED = /hk_(live|test|dev)_([0-9A-Za-z]{3})[0-9A-Za-z]{29,}/g;

/** Any key-shaped string anywhere in a text (a key pasted into a path, a message, an error) masked. */
export function maskKeys(text: string): string {
  return text.replace(KEY_SHAPED, 'hk_$1_$2***');
}

// Query parameter names that carry credentials, compared without case, `-`, `_` and `.` (access_token, apiKey,
// api-key, X-Amz-Signature, client_secret, password...); key_id is an id, not a secret.
const CREDENTIAL_NAME =
  /token|apikey|secret|passw|pwd|auth|signature|^sig$|credential|session|cookie|^key$|privatekey|accesskey/;

function isCredentialName(encoded: string): boolean {
  let name = encoded;
  try {
    name = decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch {
    // an undecodable name is judged as written
  }
  return CREDENTIAL_NAME.test(name.toLowerCase().replace(/[-_.\s[\]]/g, ''));
}

/** The URL as it may be logged: credential-like query values replaced, and key-shaped strings masked everywhere. */
export function safeUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return maskKeys(url);
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq >= 0 && isCredentialName(pair.slice(0, eq)) ? `${pair.slice(0, eq)}=[redacted]` : pair;
    })
    .join('&');
  return maskKeys(`${url.slice(0, q)}?${query}`);
}
