import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AuthFailureBudget } from '../../common/auth/auth-failure-budget';
import { BearerChallengeException } from '../../common/auth/bearer-challenge.exception';
import { bearerToken } from '../../common/auth/bearer-token';
import { SecretMatcher } from '../../common/auth/constant-time';
import { AppConfig } from '../../config/app-config';

export const INVALID_USAGE_TOKEN = 'Invalid or missing usage token';

/**
 * USAGE_AUTH (CONTRACT.md "Usage ingestion auth"): `open` lets the platform middleware record without
 * credentials; `token` requires `Authorization: Bearer` with USAGE_TOKEN or an admin token.
 */
@Injectable()
export class UsageAuthGuard implements CanActivate {
  private readonly accepted: SecretMatcher;

  constructor(
    private readonly config: AppConfig,
    private readonly budget: AuthFailureBudget,
  ) {
    this.accepted = new SecretMatcher([...(config.usageToken ? [config.usageToken] : []), ...config.adminTokens]);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.config.usageAuth === 'open') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const token = bearerToken(req.headers);
    if (token !== undefined && this.accepted.matches(token)) return true;
    // These routes take the admin token too: a wrong one spends the same per-address budget (issue 16 item 5).
    await this.budget.charge(req, 'usage');
    throw new BearerChallengeException(INVALID_USAGE_TOKEN);
  }
}
