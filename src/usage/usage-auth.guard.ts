import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { bearerToken } from '../common/auth/bearer-token';
import { matchesAny } from '../common/auth/constant-time';
import { AppConfig } from '../config/app-config';

export const INVALID_USAGE_TOKEN = 'Invalid or missing usage token';

/**
 * USAGE_AUTH (CONTRACT.md "Usage ingestion auth"): `open` lets the platform middleware record without
 * credentials; `token` requires `Authorization: Bearer` with USAGE_TOKEN or an admin token.
 */
@Injectable()
export class UsageAuthGuard implements CanActivate {
  private readonly accepted: readonly string[];

  constructor(private readonly config: AppConfig) {
    this.accepted = [...(config.usageToken ? [config.usageToken] : []), ...config.adminTokens];
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.config.usageAuth === 'open') return true;
    const token = bearerToken(context.switchToHttp().getRequest<Request>().headers);
    if (token !== undefined && matchesAny(token, this.accepted)) return true;
    context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
    throw new UnauthorizedException({ detail: INVALID_USAGE_TOKEN });
  }
}
