import { Injectable } from '@nestjs/common';
import { RefusalLog } from '../common/logging/refusal-log';
import { MetricsService } from '../common/metrics/metrics.service';
import { refusalAnswer, ValidationAnswer } from './validation-answer';
import { Refusal } from './validation-refusal';

/**
 * Every validation refusal goes through here: counted by outcome, logged at warn without the key (its id at most)
 * through RefusalLog's rate limit, so a flood of made-up keys cannot flood the log (INVALID_KEY was only at debug:
 * a deployment refusing every key left no line, issue 16 item 14), and turned into its answer.
 */
@Injectable()
export class RefusalReporter {
  constructor(
    private readonly metrics: MetricsService,
    private readonly log: RefusalLog,
  ) {}

  refuse(
    r: Refusal,
    context: { keyId?: string; requestId?: unknown; headers?: Record<string, string> } = {},
  ): ValidationAnswer {
    this.metrics.validations.inc({ outcome: r.outcome });
    // The machine routes skip pino-http (its cost), so the line names its request id itself.
    this.log.warn(
      { status: r.status, code: r.code, keyId: context.keyId, requestId: context.requestId },
      'Validation refused',
    );
    return refusalAnswer(r, context.headers);
  }
}
