import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../../config/app-config';
import { requestContextOf } from '../request/request-context';
import { Store } from '../store/store.port';
import { endOfMinute, secondsUntil } from '../time/minute-window';
import { AuthFailureSink } from './auth-failure.sink';
import { TooManyAuthFailuresException } from './too-many-auth-failures.exception';

/** Which token a failed request was refused for: the admin routes', or the usage routes' under USAGE_AUTH=token. */
export type TokenKind = 'admin' | 'usage';

/**
 * One budget of failed token authentications per client address per clock minute, across every route that takes a
 * token (ARCHITECTURE.md "Rate limits"). It was counted per route, so 9 admin routes gave 90 guesses a minute, and
 * the usage routes, which take the admin token too under USAGE_AUTH=token, counted none (issue 16 item 5). Every
 * failure within the budget is audited, and the first one past it; past the budget the answer is a 429.
 */
@Injectable()
export class AuthFailureBudget {
  constructor(
    private readonly store: Store,
    private readonly config: AppConfig,
    private readonly sink: AuthFailureSink,
  ) {}

  /** Charges one failure to the request's client address; throws the 429 once the budget is spent. */
  async charge(req: Request, token: TokenKind): Promise<void> {
    const ctx = requestContextOf(req);
    const now = Date.now();
    const minuteEnd = endOfMinute(now);
    const { count } = await this.store.incrementWindow(`hk:auth-failures:${ctx.clientIp ?? 'unknown'}`, minuteEnd);
    const limit = this.config.adminAuthFailuresPerMinute;
    if (count <= limit + 1)
      this.sink.record(ctx, {
        attempts_this_minute_from_ip: count,
        token,
        ...(count > limit ? { throttled: true } : {}),
      });
    if (count <= limit) return;
    throw new TooManyAuthFailuresException(secondsUntil(minuteEnd, now));
  }
}
