import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { KeyRateLimiter } from './key-rate-limiter';
import { rateLimitHeaders } from './rate-window';
import { RefusalReporter } from './refusal-reporter';
import { validationContextOf } from './validation-context';
import { ValidationClock } from './validation-clock';
import { refusal } from './validation-refusal';

/**
 * Last guard of validation: only a key that passed every other check counts against its limits ("Refusals other
 * than 429 count nothing"). Sets the rate-limit headers on 200 and 429; 429 carries Retry-After.
 */
@Injectable()
export class KeyRateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: KeyRateLimiter,
    private readonly clock: ValidationClock,
    private readonly refusals: RefusalReporter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const { key } = validationContextOf(req);
    const decision = await this.limiter.consume(key, this.clock.now());
    res.set(rateLimitHeaders(decision.window, !decision.allowed));
    if (!decision.allowed) throw this.refusals.refuse(res, refusal('RATE_LIMITED'), key.id);
    return true;
  }
}
