import { Injectable } from '@nestjs/common';

/**
 * The time usage is stamped with and reports count from. One injectable clock, so tests can place events at
 * chosen instants (a month's last millisecond) without touching the system time.
 */
@Injectable()
export class UsageClock {
  now(): Date {
    return new Date();
  }
}
