import { TooManyRequestsException } from '../errors/too-many-requests.exception';

export class TooManyAuthFailuresException extends TooManyRequestsException {
  constructor(retryAfterSeconds: number) {
    super({ detail: 'Too many failed admin authentications; retry later', code: 'AUTH_THROTTLED' }, retryAfterSeconds);
  }
}
