import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { requestContextOf } from '../http/request-context';
import { Store } from '../store/store.port';
import { AuthFailureSink } from './auth-failure.sink';
import { TooManyAuthFailuresException } from './too-many-auth-failures.exception';

const MINUTE_MS = 60_000;

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
  async charge(req: Request, res: Response, token: TokenKind): Promise<void> {
    const ctx = requestContextOf(req);
    const now = Date.now();
    const minuteEnd = (Math.floor(now / MINUTE_MS) + 1) * MINUTE_MS;
    const { count } = await this.store.incrementWindow(`hk:auth-failures:${ctx.clientIp ?? 'unknown'}`, minuteEnd);
    const limit = this.config.adminAuthFailuresPerMinute;
    if (count <= limit + 1) this.sink.record(ctx, { attempts_this_minute_from_ip: count, token, ...(count > limit ? { throttled: true } : {}) });
    if (count <= limit) return;
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil((minuteEnd - now) / 1000))));
    throw new TooManyAuthFailuresException();
  }
}
