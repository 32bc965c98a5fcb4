import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { clientIp } from '../common/http/client-ip';
import { IngestRateLimiter } from './ingest-rate-limiter.service';

/** Usage ingestion is rate limited per client IP (CONTRACT.md "Usage ingestion auth"): 429 past the limit. */
@Injectable()
export class IngestRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: IngestRateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const { allowed, retryAfterSeconds } = await this.limiter.hit(clientIp(http.getRequest<Request>()));
    if (allowed) return true;
    http.getResponse<Response>().setHeader('Retry-After', String(retryAfterSeconds));
    throw new HttpException({ detail: 'Too many requests' }, HttpStatus.TOO_MANY_REQUESTS);
  }
}
