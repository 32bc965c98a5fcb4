import { HttpStatus } from '@nestjs/common';
import { HttpExceptionWithHeaders } from '../errors/http-exception-with-headers';

/** A 401 for a missing or wrong bearer token, with the Bearer challenge RFC 9110 asks of every 401. */
export class BearerChallengeException extends HttpExceptionWithHeaders {
  constructor(detail: string) {
    super({ detail }, HttpStatus.UNAUTHORIZED, { 'WWW-Authenticate': 'Bearer' });
  }
}
