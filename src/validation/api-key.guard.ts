import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { clientIp } from '../common/http/client-ip';
import { isIpAddress } from '../common/ip/ip-allowlist';
import { MetricsService } from '../common/metrics/metrics.service';
import { statusRefusal } from './key-checks';
import { KeyVerifier } from './key-verifier.service';
import { readValidateRequest } from './validate-request';
import { attachValidationContext } from './validation-context';
import { ValidationClock } from './validation-clock';
import { Refusal, refusal, ValidationRefusedException } from './validation-refusal';

/**
 * First guard of POST /api/v1/keys/validate: finds the presented key and refuses it when it is missing, unknown,
 * inactive, expired, for another service or without the scope (CONTRACT.md "Validation", in that order).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly verifier: KeyVerifier,
    private readonly clock: ValidationClock,
    private readonly metrics: MetricsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const input = readValidateRequest(req);
    if (!input.presentedKey) throw refuse(this.metrics, http.getResponse(), refusal('MISSING_KEY'));
    const key = await this.verifier.resolve(input.presentedKey);
    if (!key) throw refuse(this.metrics, http.getResponse(), refusal('INVALID_KEY'));
    const refused = statusRefusal(key, this.clock.now(), input.serviceId, input.requiredScope);
    if (refused) throw refuse(this.metrics, http.getResponse(), refused);
    attachValidationContext(req, { key, clientIp: isIpAddress(input.clientIp) ? input.clientIp : clientIp(req) });
    return true;
  }
}

/** Counts the refusal and marks a 401 as a Bearer challenge (RFC 9110); the filter writes the body. */
export function refuse(metrics: MetricsService, res: Response, r: Refusal): ValidationRefusedException {
  metrics.validations.inc({ outcome: r.outcome });
  if (r.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  return new ValidationRefusedException(r);
}
