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

/** The URL with secret-bearing query values replaced, so `?api_key=…` never lands in a log. */
export function safeUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  return url.slice(0, q) + url.slice(q).replace(/([?&](?:api_key|token|key)=)[^&]*/gi, '$1[redacted]');
}
