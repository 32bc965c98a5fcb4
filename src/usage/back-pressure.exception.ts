import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * The usage buffer is full, draining for shutdown, or its flush failed: nothing of the request was stored and
 * the caller should retry (CONTRACT.md "Errors", 503 with Retry-After). RetryAfterInterceptor sets the header.
 */
export class BackPressureException extends HttpException {
  constructor(readonly retryAfterSeconds = 1) {
    super({ detail: 'Service temporarily unavailable' }, HttpStatus.SERVICE_UNAVAILABLE);
  }
}
