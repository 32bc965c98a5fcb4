import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { clientIp } from '../http/client-ip';
import { hasAdminToken, isPublic } from './admin-token.guard';
import { TooManyAuthFailuresException } from './too-many-auth-failures.exception';

/**
 * Counts failed admin authentications per client IP (against token guessing) and refuses with 429 past the
 * limit. Public routes and requests that carry a valid admin token are not counted.
 */
@Injectable()
export class AdminAuthThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly config: AppConfig,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (isPublic(this.reflector, context)) return true;
    return hasAdminToken(context.switchToHttp().getRequest<Request>(), this.config);
  }

  protected override async getTracker(req: Request): Promise<string> {
    return clientIp(req);
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(detail.timeToBlockExpire));
    throw new TooManyAuthFailuresException();
  }
}
