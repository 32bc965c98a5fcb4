import { CanActivate, ExecutionContext, HttpException, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { authenticate, HokusaiAuthSettings, recordUsageAfterResponse } from './request-auth';
import './express';

/*
 * The Nest counterpart of hokusaiAuth (issue 8, item 3), for Nest on the Express platform. Same rules: the key from
 * Bearer, X-API-Key or ?api_key, client_ip = req.ip (set `trust proxy` on the Express instance explicitly).
 */

export const HOKUSAI_AUTH_OPTIONS = 'HOKUSAI_AUTH_OPTIONS';

export type HokusaiGuardOptions = HokusaiAuthSettings;

/**
 * Either `@UseGuards(new HokusaiAuthGuard({ client, serviceId: 'platform' }))`, or through DI:
 * `{ provide: HOKUSAI_AUTH_OPTIONS, useValue: {...} }` plus `{ provide: APP_GUARD, useClass: HokusaiAuthGuard }`.
 * Refusals are thrown as HttpException with the body `{"detail", "code"}`, which Nest's default filter sends as is.
 */
@Injectable()
export class HokusaiAuthGuard implements CanActivate {
  constructor(@Inject(HOKUSAI_AUTH_OPTIONS) private readonly options: HokusaiGuardOptions) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const outcome = await authenticate(this.options, req);
    if (!outcome.ok) {
      for (const [name, value] of Object.entries(outcome.headers)) res.setHeader(name, value);
      throw new HttpException(outcome.body, outcome.status);
    }
    req.hokusai = outcome.principal;
    recordUsageAfterResponse(this.options, outcome.principal, req, res);
    return true;
  }
}
