import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { HokusaiAuthClient } from './hokusai-auth.client';
import { HokusaiAuthError } from './hokusai-auth.error';
import type { HokusaiLogger } from './http-transport';
import type { UsageEvent } from './types';

/*
 * What the Express middleware and the Nest guard share: where the key comes from, how the service's answer becomes
 * the caller's answer, and the fire-and-forget usage record (issue 8, item 3; CONTRACT.md "Validation").
 */

/** Attached to the request as `req.hokusai` once the key is valid. */
export interface HokusaiPrincipal {
  keyId: string;
  userId: string;
  serviceId: string;
  scopes: string[];
}

/** The parts of an incoming request the check reads (Express's Request has them all). */
export interface IncomingRequestLike {
  headers: Record<string, string | string[] | undefined>;
  query?: unknown;
  /** The address the framework trusts: Express `req.ip` under an explicit `trust proxy` setting. */
  ip?: string;
  originalUrl?: string;
  url?: string;
}

export interface ResponseLike {
  statusCode: number;
  once(event: 'finish', listener: () => void): unknown;
}

export interface RecordUsageOptions {
  /** Default: the request path without its query string (which may carry api_key). */
  endpoint?: (req: IncomingRequestLike) => string;
  predictionsCount?: (req: IncomingRequestLike, res: ResponseLike) => number | undefined;
  modelId?: (req: IncomingRequestLike, res: ResponseLike) => string | undefined;
}

export interface HokusaiAuthSettings {
  client: HokusaiAuthClient;
  /** Sent as `service_id`: keys of another service are refused with 401. */
  serviceId: string;
  requiredScope?: string;
  /** Record one usage event per authenticated request after its response has been sent. */
  recordUsage?: boolean | RecordUsageOptions;
  /** Accept `?api_key=` (default true: the platform documentation allows it, "not recommended"). */
  allowQueryKey?: boolean;
  logger?: HokusaiLogger;
}

export interface ErrorBody {
  detail: string;
  code?: string;
}

export type AuthOutcome =
  | { ok: true; principal: HokusaiPrincipal }
  | { ok: false; status: number; body: ErrorBody; headers: Record<string, string> };

/** Bearer header first, then X-API-Key, then the api_key query parameter. */
export function extractApiKey(req: IncomingRequestLike, allowQueryKey = true): string | undefined {
  const authorization = single(req.headers.authorization);
  const bearer = authorization && /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer) return bearer[1];
  const header = single(req.headers['x-api-key'])?.trim();
  if (header) return header;
  if (!allowQueryKey || typeof req.query !== 'object' || req.query === null) return undefined;
  const value = (req.query as Record<string, unknown>).api_key;
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

export async function authenticate(settings: HokusaiAuthSettings, req: IncomingRequestLike): Promise<AuthOutcome> {
  const apiKey = extractApiKey(req, settings.allowQueryKey ?? true);
  if (!apiKey) return refuse(400, { detail: 'No API key provided', code: 'MISSING_KEY' });
  try {
    const result = await settings.client.validate(apiKey, {
      serviceId: settings.serviceId,
      requiredScope: settings.requiredScope,
      clientIp: req.ip,
      requestId: single(req.headers['x-request-id']),
    });
    return {
      ok: true,
      principal: {
        keyId: result.key_id,
        userId: result.user_id,
        serviceId: result.service_id,
        scopes: result.scopes ?? [],
      },
    };
  } catch (err) {
    return outcomeOfError(err, settings.logger);
  }
}

/** Registers the usage record on the response's 'finish': it never delays the response, and its errors are logged. */
export function recordUsageAfterResponse(
  settings: HokusaiAuthSettings,
  principal: HokusaiPrincipal,
  req: IncomingRequestLike,
  res: ResponseLike,
): void {
  if (!settings.recordUsage) return;
  const hooks: RecordUsageOptions = settings.recordUsage === true ? {} : settings.recordUsage;
  const started = performance.now();
  res.once('finish', () => {
    const event: UsageEvent = {
      service_id: settings.serviceId,
      endpoint: (hooks.endpoint?.(req) ?? defaultEndpoint(req)).slice(0, 512) || '/',
      status_code: res.statusCode,
      response_time_ms: Math.max(0, Math.round(performance.now() - started)),
      idempotency_key: randomUUID(),
    };
    const predictions = hooks.predictionsCount?.(req, res);
    if (predictions !== undefined) event.predictions_count = predictions;
    const modelId = hooks.modelId?.(req, res);
    if (modelId !== undefined) event.model_id = modelId;
    settings.client.recordUsage(principal.keyId, event).catch((err: unknown) => {
      settings.logger?.warn('hokusai auth: usage event not recorded', { keyId: principal.keyId, error: describe(err) });
    });
  });
}

function outcomeOfError(err: unknown, logger?: HokusaiLogger): AuthOutcome {
  if (!(err instanceof HokusaiAuthError)) {
    logger?.error?.('hokusai auth: unexpected validation failure', { error: describe(err) });
    return refuse(500, { detail: 'Internal Server Error' });
  }
  if ([400, 401, 403, 429].includes(err.status)) {
    const headers: Record<string, string> = {};
    if (err.status === 401) headers['WWW-Authenticate'] = 'Bearer';
    if (err.retryAfter !== undefined) headers['Retry-After'] = String(err.retryAfter);
    return refuse(err.status, withCode(err.detail, err.code), headers);
  }
  if (err.unavailable) {
    logger?.warn('hokusai auth: service unavailable and no cached validation', { status: err.status, code: err.code });
    const headers: Record<string, string> =
      err.retryAfter !== undefined ? { 'Retry-After': String(err.retryAfter) } : {};
    return refuse(503, { detail: 'Authentication service unavailable', code: 'AUTH_UNAVAILABLE' }, headers);
  }
  // A 404/422 here means the middleware itself is misconfigured (e.g. an unknown service id): not the caller's fault.
  logger?.error?.('hokusai auth: validation call rejected', { status: err.status, detail: err.detail });
  return refuse(500, { detail: 'Internal Server Error' });
}

function refuse(status: number, body: ErrorBody, headers: Record<string, string> = {}): AuthOutcome {
  return { ok: false, status, body, headers };
}

function withCode(detail: string, code?: string): ErrorBody {
  return code ? { detail, code } : { detail };
}

function defaultEndpoint(req: IncomingRequestLike): string {
  return (req.originalUrl ?? req.url ?? '/').split('?')[0];
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
