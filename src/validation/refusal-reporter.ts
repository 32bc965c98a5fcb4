import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { RefusalLog } from '../common/logging/refusal-log';
import { MetricsService } from '../common/metrics/metrics.service';
import { Refusal, ValidationRefusedException } from './validation-refusal';

/**
 * Every validation refusal goes through here: counted by outcome, logged at warn without the key (its id at most)
 * through RefusalLog's rate limit, so a flood of made-up keys cannot flood the log (INVALID_KEY was only at debug:
 * a deployment refusing every key left no line, issue 16 item 14),
 * and a 401 marked as a Bearer challenge (RFC 9110). The guards throw what it returns; the filter writes the body.
 */
@Injectable()
export class RefusalReporter {
  constructor(
    private readonly metrics: MetricsService,
    private readonly log: RefusalLog,
  ) {}

  refuse(res: Response, r: Refusal, keyId?: string): ValidationRefusedException {
    this.metrics.validations.inc({ outcome: r.outcome });
    // nestjs-pino adds the request (id, method, redacted URL) to every line logged while it is handled.
    this.log.warn({ status: r.status, code: r.code, keyId }, 'Validation refused');
    if (r.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    return ValidationRefusedException.of(r);
  }
}
