import { Injectable } from '@nestjs/common';

/**
 * The instant validation judges expiry and rate windows by. Injectable so tests can step into the next clock
 * hour or past an expiry without sleeping or touching the system time.
 */
@Injectable()
export class ValidationClock {
  now(): number {
    return Date.now();
  }
}
