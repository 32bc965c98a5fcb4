import { HttpException, HttpStatus } from '@nestjs/common';

export class TooManyAuthFailuresException extends HttpException {
  constructor() {
    super({ detail: 'Too many failed admin authentications; retry later', code: 'AUTH_THROTTLED' }, HttpStatus.TOO_MANY_REQUESTS);
  }
}
