import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { MetricsResponse } from './metrics.response';
import { Store } from '../store/store.port';

export type ValidationOutcome =
  | 'valid'
  | 'missing_key'
  | 'invalid_key'
  | 'revoked'
  | 'expired'
  | 'wrong_service'
  | 'insufficient_scope'
  | 'ip_not_allowed'
  | 'rate_limited';

/** The service's counters, exposed as the contract's JSON and as Prometheus text (CONTRACT.md /metrics). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'hokusai_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    // 2 ms is the validation route's p99 objective (issue 6), so its bucket edge is one.
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly validations = new Counter({
    name: 'hokusai_validations_total',
    help: 'Key validations by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly cache = new Counter({
    name: 'hokusai_key_cache_total',
    help: 'Verification cache lookups by tier and result',
    labelNames: ['tier', 'result'] as const,
    registers: [this.registry],
  });
  readonly bcryptCompares = new Counter({
    name: 'hokusai_bcrypt_compares_total',
    help: 'bcrypt compares performed',
    registers: [this.registry],
  });
  // Worker-pool time of each hash and compare (queue, messaging and bcrypt): the figure to tune BCRYPT_ROUNDS by.
  readonly bcryptDuration = new Histogram({
    name: 'hokusai_bcrypt_duration_seconds',
    help: 'bcrypt hash and compare time in the worker pool, queueing included',
    labelNames: ['op'] as const,
    buckets: [0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5],
    registers: [this.registry],
  });
  readonly usageBuffered = new Gauge({
    name: 'hokusai_usage_events_buffered',
    help: 'Usage events waiting for the next flush',
    registers: [this.registry],
  });
  readonly usageFlushed = new Counter({
    name: 'hokusai_usage_events_flushed_total',
    help: 'Usage events committed to the database',
    registers: [this.registry],
  });
  // The group commit's two dials: how long each flush holds its requests, and how many events it carried. A debit
  // waits for the flush in flight and then its own, so twice the first is the debit's own share of its latency.
  readonly usageFlushDuration = new Histogram({
    name: 'hokusai_usage_flush_duration_seconds',
    help: 'Time of each usage flush (group commit) from its start to its commit or failure, retries included',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  readonly usageFlushEvents = new Histogram({
    name: 'hokusai_usage_flush_events',
    help: 'Usage events carried by each flush',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2000],
    registers: [this.registry],
  });
  // Issue 16 item 14: a USAGE_AUTH=token deployment in front of the credential-less middleware lost all billing
  // with nothing to show for it; every non-2xx usage answer is counted here, whatever the log's rate limit kept.
  readonly usageRefusals = new Counter({
    name: 'hokusai_usage_refusals_total',
    help: 'Usage answers other than 2xx (ingestion and reports), by status and code',
    labelNames: ['status', 'code'] as const,
    registers: [this.registry],
  });
  readonly logLinesSuppressed = new Counter({
    name: 'hokusai_log_lines_suppressed_total',
    help: 'Refusal log lines left out by the log rate limit (the refusals themselves are still counted)',
    registers: [this.registry],
  });
  readonly degraded: Gauge;

  constructor(private readonly store: Store) {
    collectDefaultMetrics({ register: this.registry, prefix: 'hokusai_' });
    this.degraded = new Gauge({
      name: 'hokusai_degraded',
      help: '1 while Redis is configured but unreachable and counters are served from memory',
      registers: [this.registry],
      collect() {
        this.set(store.degraded ? 1 : 0);
      },
    });
  }

  /** The JSON form of /metrics: plain counters a human or a simple poller can read. */
  async snapshot(): Promise<MetricsSnapshot> {
    const sum = async (
      metric: { get(): Promise<{ values: { value: number; labels: Record<string, unknown>; metricName?: string }[] }> },
      filter?: (labels: Record<string, unknown>) => boolean,
    ) => (await metric.get()).values.filter((v) => !filter || filter(v.labels)).reduce((n, v) => n + v.value, 0);
    const byOutcome: Record<string, number> = {};
    for (const v of (await this.validations.get()).values) byOutcome[String(v.labels.outcome)] = v.value;
    const requests = (await this.httpDuration.get()).values
      .filter((v) => v.metricName?.endsWith('_count'))
      .reduce((n, v) => n + v.value, 0);
    return {
      requests,
      validations: byOutcome,
      cache: {
        hits: await sum(this.cache, (l) => l.result === 'hit'),
        misses: await sum(this.cache, (l) => l.result === 'miss'),
      },
      bcrypt_compares: await sum(this.bcryptCompares),
      usage_events: { buffered: await sum(this.usageBuffered), flushed: await sum(this.usageFlushed) },
      degraded: this.store.degraded,
    };
  }

  async prometheus(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

export type MetricsSnapshot = MetricsResponse;
