import type { ValidationOutcome } from '../common/metrics/metrics.service';

/** The contract's refusals of POST /api/v1/keys/validate, status and wording exactly (CONTRACT.md "Validation"). */
const REFUSALS = {
  MISSING_KEY: [400, () => 'No API key provided', 'missing_key'],
  INVALID_KEY: [401, () => 'API key not found or invalid', 'invalid_key'],
  REVOKED: [401, () => 'API key is inactive', 'revoked'],
  EXPIRED: [401, () => 'API key has expired', 'expired'],
  WRONG_SERVICE: [401, (s?: string) => `API key not valid for service ${shown(s)}`, 'wrong_service'],
  INSUFFICIENT_SCOPE: [401, (s?: string) => `Insufficient scope: ${shown(s)} required`, 'insufficient_scope'],
  IP_NOT_ALLOWED: [401, () => 'IP address not allowed', 'ip_not_allowed'],
  RATE_LIMITED: [429, () => 'Rate limit exceeded', 'rate_limited'],
} as const satisfies Record<string, readonly [number, (arg?: string) => string, ValidationOutcome]>;

export type RefusalCode = keyof typeof REFUSALS;

/** A caller's service or scope echoed in the detail: any length is refused, not every character is worth sending back. */
function shown(text = ''): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

export interface Refusal {
  readonly code: RefusalCode;
  readonly status: number;
  readonly detail: string;
  readonly outcome: ValidationOutcome;
}

export function refusal(code: RefusalCode, arg?: string): Refusal {
  const [status, detail, outcome] = REFUSALS[code];
  return { code, status, detail: detail(arg), outcome };
}
