import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { BearerChallengeException } from './bearer-challenge.exception';
import { bearerToken } from './bearer-token';
import { AdminTokens } from './admin-tokens';
import type { SecretMatcher } from './constant-time';
import { IS_PUBLIC } from './public.decorator';

export const INVALID_ADMIN_TOKEN = 'Invalid or missing admin token';

/** Deny by default (ARCHITECTURE.md): every route needs the admin token unless it is marked @Public(). */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly adminTokens: AdminTokens,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (isPublic(this.reflector, context)) return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (hasAdminToken(req, this.adminTokens)) return true;
    throw new BearerChallengeException(INVALID_ADMIN_TOKEN);
  }
}

// Whether a route is public never changes after start: read its metadata once, not twice on every request (both
// global guards ask; reflect-metadata was about 1 µs of each validation's CPU profile).
const publicRoutes = new WeakMap<object, WeakMap<object, boolean>>();

export function isPublic(reflector: Reflector, context: ExecutionContext): boolean {
  const handler = context.getHandler();
  const controller = context.getClass();
  const byController = publicRoutes.get(handler) ?? new WeakMap<object, boolean>();
  let known = byController.get(controller);
  if (known === undefined) {
    known = reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, controller]) === true;
    byController.set(controller, known);
    publicRoutes.set(handler, byController);
  }
  return known;
}

export function hasAdminToken(req: Request, adminTokens: SecretMatcher): boolean {
  const token = bearerToken(req.headers);
  return token !== undefined && adminTokens.matches(token);
}
