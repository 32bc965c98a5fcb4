import { Injectable } from '@nestjs/common';

/**
 * The one clock every module judges time by: expiry and rate windows (validation), event stamps and report months
 * (usage, billing). Injectable so tests can step into the next hour or a month's last millisecond without
 * touching the system time; `now()` derives from `nowMs()`, so a test that moves one moves both.
 */
@Injectable()
export class Clock {
  nowMs(): number {
    return Date.now();
  }

  now(): Date {
    return new Date(this.nowMs());
  }
}
