import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppConfig } from '../../config/app-config';
import { BearerChallengeException } from './bearer-challenge.exception';
import { bearerToken } from './bearer-token';
import { matchesAny } from './constant-time';
import { IS_PUBLIC } from './public.decorator';

export const INVALID_ADMIN_TOKEN = 'Invalid or missing admin token';

/** Deny by default (ARCHITECTURE.md): every route needs the admin token unless it is marked @Public(). */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (isPublic(this.reflector, context)) return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (hasAdminToken(req, this.config)) return true;
    throw new BearerChallengeException(INVALID_ADMIN_TOKEN);
  }
}

export function isPublic(reflector: Reflector, context: ExecutionContext): boolean {
  return reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]) === true;
}

export function hasAdminToken(req: Request, config: AppConfig): boolean {
  const token = bearerToken(req.headers);
  return token !== undefined && matchesAny(token, config.adminTokens);
}
