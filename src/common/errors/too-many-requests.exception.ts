import { HttpStatus } from '@nestjs/common';
import { HttpExceptionWithHeaders } from './http-exception-with-headers';

/** A 429 from a fixed window: the body the contract names, and when to come back (CONTRACT.md "Errors"). */
export class TooManyRequestsException extends HttpExceptionWithHeaders {
  constructor(body: Record<string, unknown>, retryAfterSeconds: number) {
    super(body, HttpStatus.TOO_MANY_REQUESTS, { 'Retry-After': String(retryAfterSeconds) });
  }
}
