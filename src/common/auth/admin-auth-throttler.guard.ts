import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { clientIp } from '../http/client-ip';
import { requestContextOf } from '../http/request-context';
import { AuthFailureSink } from './auth-failure.sink';
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
    private readonly failures: AuthFailureSink,
  ) {
    super(options, storage, reflector);
  }

  /** Reached only for requests without a valid admin token (see shouldSkip): each is a failed attempt. */
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    this.failures.record(requestContextOf(props.context.switchToHttp().getRequest<Request>()));
    return super.handleRequest(props);
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
