import { HttpException } from '@nestjs/common';
import type { Response } from 'express';
import type { ValidationRefusalResponse, ValidationResponse } from './dto/validation.response';
import type { Refusal } from './validation-refusal';

/** What POST /api/v1/keys/validate answers, as ValidationService decides it. */
export type ValidationAnswer =
  | { accepted: true; status: 200; body: ValidationResponse; headers: Record<string, string> }
  | { accepted: false; status: number; body: ValidationRefusalResponse; headers: Record<string, string> };

/**
 * A refusal's answer: `{"detail", "code", "is_valid": false, "error"}` (the public docs' examples decide by
 * is_valid and show error, equal to detail); a 401 is a Bearer challenge (RFC 9110).
 */
export function refusalAnswer(r: Refusal, headers: Record<string, string> = {}): ValidationAnswer {
  return {
    accepted: false,
    status: r.status,
    body: { detail: r.detail, code: r.code, is_valid: false, error: r.detail },
    headers: r.status === 401 ? { ...headers, 'WWW-Authenticate': 'Bearer' } : headers,
  };
}

/**
 * How an answer reaches Nest without taking the response over (STYLE.md 2): the headers go on the response, a
 * success is returned for Nest to serialise, a refusal is thrown for the error filter to render.
 */
export function settle(answer: ValidationAnswer, res: Response): ValidationResponse {
  res.set(answer.headers);
  if (answer.accepted) return answer.body;
  throw ValidationRefusedException.of(answer.status, answer.body);
}

/** A refusal on its way to the error filter, which writes its body and status as they are. */
export class ValidationRefusedException extends HttpException {
  /**
   * Without a stack trace: a refusal is an answer, not a fault, and anyone can cause one per request (a flood of
   * made-up keys). Capturing the stack through Nest's frames cost ~7 us of the ~8 us it takes to build one.
   */
  static of(status: number, body: ValidationRefusalResponse): ValidationRefusedException {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return new ValidationRefusedException(body, status);
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}
