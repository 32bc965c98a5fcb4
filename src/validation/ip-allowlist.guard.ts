import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { MetricsService } from '../common/metrics/metrics.service';
import { refuse } from './api-key.guard';
import { ipAllowed } from './key-checks';
import { validationContextOf } from './validation-context';
import { refusal } from './validation-refusal';

/**
 * Refuses a key with an allowlist when the client's address is not in it (CONTRACT.md "Validation"). The list
 * was compiled when the key entered the cache; a client_ip that is no address never matches and never throws.
 */
@Injectable()
export class IpAllowlistGuard implements CanActivate {
  constructor(private readonly metrics: MetricsService) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const { key, clientIp } = validationContextOf(http.getRequest<Request>());
    if (!ipAllowed(key, clientIp)) throw refuse(this.metrics, http.getResponse(), refusal('IP_NOT_ALLOWED'));
    return true;
  }
}
