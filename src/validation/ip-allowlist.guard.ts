import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ipAllowed } from './key-checks';
import { RefusalReporter } from './refusal-reporter';
import { validationContextOf } from './validation-context';
import { refusal } from './validation-refusal';

/**
 * Refuses a key with an allowlist when the client's address is not in it (CONTRACT.md "Validation"). The list
 * was compiled when the key entered the cache; a client_ip that is no address never matches and never throws.
 */
@Injectable()
export class IpAllowlistGuard implements CanActivate {
  constructor(private readonly refusals: RefusalReporter) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const { key, clientIp } = validationContextOf(req);
    if (!ipAllowed(key, clientIp)) throw this.refusals.refuse(http.getResponse<Response>(), refusal('IP_NOT_ALLOWED'), key.id);
    return true;
  }
}
