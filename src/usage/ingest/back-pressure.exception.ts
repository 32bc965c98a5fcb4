import { HttpStatus } from '@nestjs/common';
import { HttpExceptionWithHeaders } from '../../common/errors/http-exception-with-headers';

/**
 * The usage buffer is full, draining for shutdown, or its flush failed: nothing of the request was stored and
 * the caller should retry (CONTRACT.md "Errors", 503 with Retry-After, which the exception carries).
 */
export class BackPressureException extends HttpExceptionWithHeaders {
  constructor(readonly retryAfterSeconds = 1) {
    super({ detail: 'Service temporarily unavailable' }, HttpStatus.SERVICE_UNAVAILABLE, {
      'Retry-After': String(retryAfterSeconds),
    });
  }
}
