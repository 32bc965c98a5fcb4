import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '../common/metrics/metrics.service';

export type LeakOutcome = 'revoked' | 'reported' | 'reported_again' | 'false_positive';

/** hokusai_leaked_keys_total on the service's registry (issue 20): every reported token, by what came of it. */
@Injectable()
export class LeakedKeyMetrics {
  private readonly counter: Counter<'outcome'>;

  constructor(metrics: MetricsService) {
    this.counter = new Counter({
      name: 'hokusai_leaked_keys_total',
      help: 'Tokens reported by GitHub secret scanning, by outcome (revoked, reported, reported_again, false_positive)',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    });
  }

  count(outcome: LeakOutcome): void {
    this.counter.inc({ outcome });
  }
}
