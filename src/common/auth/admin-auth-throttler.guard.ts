import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuthFailureBudget } from './auth-failure-budget';
import { hasAdminToken, isPublic } from './admin-token.guard';
import { AdminTokens } from './admin-tokens';

/**
 * Charges every request to an admin route without a valid admin token to its client address's failure budget
 * (shared with the usage routes), and refuses with 429 past it; AdminTokenGuard, next, answers the 401.
 */
@Injectable()
export class AdminAuthThrottlerGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly adminTokens: AdminTokens,
    private readonly budget: AuthFailureBudget,
  ) {}

  // Synchronous for public routes and valid tokens: only a request that is charged waits for the budget.
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (isPublic(this.reflector, context)) return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (hasAdminToken(req, this.adminTokens)) return true;
    return this.budget.charge(req, 'admin').then(() => true);
  }
}
