import type { ValidationRefusalResponse, ValidationResponse } from './dto/validation.response';
import type { Refusal } from './validation-refusal';

/** What POST /api/v1/keys/validate answers: the controller writes it as it is. */
export interface ValidationAnswer {
  status: number;
  body: ValidationResponse | ValidationRefusalResponse;
  headers: Record<string, string>;
}

/**
 * A refusal's answer: `{"detail", "code", "is_valid": false, "error"}` (the public docs' examples decide by
 * is_valid and show error, equal to detail); a 401 is a Bearer challenge (RFC 9110). No exception is thrown for
 * it: a refusal is an answer, not a fault, and anyone can cause one per request.
 */
export function refusalAnswer(r: Refusal, headers: Record<string, string> = {}): ValidationAnswer {
  return {
    status: r.status,
    body: { detail: r.detail, code: r.code, is_valid: false, error: r.detail },
    headers: r.status === 401 ? { ...headers, 'WWW-Authenticate': 'Bearer' } : headers,
  };
}
