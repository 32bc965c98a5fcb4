import { Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { MetricsService } from '../common/metrics/metrics.service';
import { Refusal, ValidationRefusedException } from './validation-refusal';

// Refusals an outsider can produce at any rate are counted in metrics but logged only at debug, so a flood of
// made-up keys cannot flood the logs; refusals of a real key are worth a line each.
const QUIET: ReadonlySet<string> = new Set(['MISSING_KEY', 'INVALID_KEY', 'RATE_LIMITED']);

/**
 * Every validation refusal goes through here: counted by outcome, logged without the key (its id at most),
 * and a 401 marked as a Bearer challenge (RFC 9110). The guards throw what it returns; the filter writes the body.
 */
@Injectable()
export class RefusalReporter {
  private readonly logger = new Logger('Validation');

  constructor(private readonly metrics: MetricsService) {}

  refuse(res: Response, r: Refusal, keyId?: string): ValidationRefusedException {
    this.metrics.validations.inc({ outcome: r.outcome });
    // nestjs-pino adds the request (id, method, redacted URL) to every line logged while it is handled.
    const line = { code: r.code, keyId };
    if (QUIET.has(r.code)) this.logger.debug(line, 'Validation refused');
    else this.logger.log(line, 'Validation refused');
    if (r.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    return ValidationRefusedException.of(r);
  }
}
