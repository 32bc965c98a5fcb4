import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { clientIp } from '../common/http/client-ip';
import { isIpAddress } from '../common/ip/ip-allowlist';
import { statusRefusal } from './key-checks';
import { KeyVerifier } from './key-verifier.service';
import { RefusalReporter } from './refusal-reporter';
import { readValidateRequest } from './validate-request';
import { attachValidationContext } from './validation-context';
import { ValidationClock } from './validation-clock';
import { refusal } from './validation-refusal';

/**
 * First guard of POST /api/v1/keys/validate: finds the presented key and refuses it when it is missing, unknown,
 * inactive, expired, for another service or without the scope (CONTRACT.md "Validation", in that order).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly verifier: KeyVerifier,
    private readonly clock: ValidationClock,
    private readonly refusals: RefusalReporter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const input = readValidateRequest(req);
    if (!input.presentedKey) throw this.refusals.refuse(res, refusal('MISSING_KEY'));
    const key = await this.verifier.resolve(input.presentedKey);
    if (!key) throw this.refusals.refuse(res, refusal('INVALID_KEY'));
    const refused = statusRefusal(key, this.clock.now(), input.serviceId, input.requiredScope);
    if (refused) throw this.refusals.refuse(res, refused, key.id);
    attachValidationContext(req, { key, clientIp: isIpAddress(input.clientIp) ? input.clientIp : clientIp(req) });
    return true;
  }
}
