import type { ValidationErrorItem } from './types';

/** Codes the client itself uses when no HTTP answer arrived (status 0). */
export const UNREACHABLE = 'SERVICE_UNREACHABLE';
export const TIMEOUT = 'TIMEOUT';

export interface HokusaiAuthErrorInit {
  status: number;
  detail: string;
  code?: string;
  retryAfter?: number;
  errors?: ValidationErrorItem[];
  body?: unknown;
  cause?: unknown;
}

/**
 * Any failed call. `status` is the HTTP status, or 0 when no answer arrived (network error: code
 * SERVICE_UNREACHABLE; timeout: code TIMEOUT). `detail` is the service's sentence (for a 422, a one-line summary of
 * `errors`), `code` the service's UPPER_SNAKE code when it sent one, `retryAfter` the Retry-After header in seconds.
 */
export class HokusaiAuthError extends Error {
  readonly status: number;
  readonly detail: string;
  readonly code?: string;
  readonly retryAfter?: number;
  readonly errors?: ValidationErrorItem[];
  readonly body?: unknown;

  constructor(init: HokusaiAuthErrorInit) {
    super(init.status ? `${init.status}: ${init.detail}` : init.detail, { cause: init.cause });
    this.name = 'HokusaiAuthError';
    this.status = init.status;
    this.detail = init.detail;
    this.code = init.code;
    this.retryAfter = init.retryAfter;
    this.errors = init.errors;
    this.body = init.body;
  }

  /** No answer, or the service said it cannot answer now (5xx): the caller may try again later. */
  get unavailable(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

/** Builds the error for a non-2xx answer from its parsed JSON body (FastAPI shapes, CONTRACT.md "Errors"). */
export function errorFromResponse(
  status: number,
  statusText: string,
  body: unknown,
  retryAfter?: number,
): HokusaiAuthError {
  const detail = isRecord(body) ? body.detail : undefined;
  const code = isRecord(body) && typeof body.code === 'string' ? body.code : undefined;
  if (typeof detail === 'string') return new HokusaiAuthError({ status, detail, code, retryAfter, body });
  if (Array.isArray(detail)) {
    const errors = detail.filter(isValidationItem);
    return new HokusaiAuthError({ status, detail: summarizeValidationErrors(errors), code, retryAfter, errors, body });
  }
  if (isRecord(detail)) {
    // The debit call's 402: {"detail": {"error": "monthly_limit_exceeded", "message": "..."}}.
    const message = typeof detail.message === 'string' ? detail.message : JSON.stringify(detail);
    const inner = typeof detail.error === 'string' ? detail.error.toUpperCase() : code;
    return new HokusaiAuthError({ status, detail: message, code: inner, retryAfter, body });
  }
  const fallback = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  return new HokusaiAuthError({ status, detail: fallback, code, retryAfter, body });
}

/** `body.rate_limit_per_hour: Input should be greater than or equal to 10; body.name: Field required`. */
export function summarizeValidationErrors(errors: ValidationErrorItem[]): string {
  if (!errors.length) return 'Invalid request';
  return errors.map((e) => `${e.loc.join('.')}: ${e.msg}`).join('; ');
}

/** Retry-After in seconds: delta-seconds or an HTTP date (RFC 9110). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isValidationItem(v: unknown): v is ValidationErrorItem {
  return isRecord(v) && Array.isArray(v.loc) && typeof v.msg === 'string';
}
