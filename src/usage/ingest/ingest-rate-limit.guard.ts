import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { TooManyRequestsException } from '../../common/errors/too-many-requests.exception';
import { clientIp } from '../../common/request/client-ip';
import { IngestRateLimiter } from './ingest-rate-limiter.service';

/** Usage ingestion is rate limited per client IP (CONTRACT.md "Usage ingestion auth"): 429 past the limit. */
@Injectable()
export class IngestRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: IngestRateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { allowed, retryAfterSeconds } = await this.limiter.hit(
      clientIp(context.switchToHttp().getRequest<Request>()),
    );
    if (allowed) return true;
    throw new TooManyRequestsException({ detail: 'Too many requests' }, retryAfterSeconds);
  }
}
