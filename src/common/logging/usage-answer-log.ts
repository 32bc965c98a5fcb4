import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { MetricsService } from '../metrics/metrics.service';
import { RefusalLog } from './refusal-log';

const USAGE_PATH = /^\/api\/v1\/usage\//i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NAMES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  402: 'PAYMENT_REQUIRED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'VALIDATION_ERROR',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_ERROR',
  503: 'UNAVAILABLE',
};

/**
 * Every non-2xx answer of /api/v1/usage/* (issue 16 item 14): those routes log no request line (the logger's quiet
 * list, for ingestion throughput), so a USAGE_AUTH=token deployment in front of the credential-less middleware lost
 * all billing without a trace. Counted in hokusai_usage_refusals_total, and logged at warn with the code and the key
 * id through RefusalLog's rate limit. Called by the error filter, which sees every non-2xx answer.
 */
@Injectable()
export class UsageAnswerLog {
  constructor(
    private readonly metrics: MetricsService,
    private readonly log: RefusalLog,
  ) {}

  report(req: Request, status: number, body: unknown, requestId?: string): void {
    if (!USAGE_PATH.test(req.path ?? '')) return;
    const code = codeOf(status, body);
    this.metrics.usageRefusals.inc({ status: String(status), code });
    const keyId =
      typeof req.params?.key_id === 'string' && UUID.test(req.params.key_id) ? req.params.key_id : undefined;
    // The machine routes skip pino-http (its cost), so the line names its request id itself.
    this.log.warn({ status, code, keyId, method: req.method, requestId }, 'Usage request refused');
  }
}

/** The body's own code (INVALID_KEY, AUTH_THROTTLED, monthly_limit_exceeded), else one named after the status. */
function codeOf(status: number, body: unknown): string {
  const b = body as { code?: unknown; detail?: { error?: unknown } } | undefined;
  if (typeof b?.code === 'string') return b.code;
  if (typeof b?.detail?.error === 'string') return b.detail.error.toUpperCase();
  return NAMES[status] ?? `HTTP_${status}`;
}
