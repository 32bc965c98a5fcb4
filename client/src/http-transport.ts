import { errorFromResponse, HokusaiAuthError, parseRetryAfter, TIMEOUT, UNREACHABLE } from './hokusai-auth.error';

/** Where the client reports what it swallows (retries, failed usage records). console works; so does pino. */
export interface HokusaiLogger {
  warn(message: string, context?: Record<string, unknown>): void;
  error?(message: string, context?: Record<string, unknown>): void;
  debug?(message: string, context?: Record<string, unknown>): void;
}

export interface TransportOptions {
  baseUrl: string;
  timeoutMs: number;
  retries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  fetch: typeof fetch;
  userAgent: string;
  logger?: HokusaiLogger;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestSpec {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  headers?: Record<string, string>;
  /** Only idempotent calls are retried, and only on 5xx or when the connection failed. */
  retry: boolean;
  signal?: AbortSignal;
}

export interface HttpResult<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** fetch with a per-attempt timeout (AbortController), JSON in and out, and exponential backoff with jitter. */
export class HttpTransport {
  constructor(private readonly options: TransportOptions) {}

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  async request<T>(spec: RequestSpec): Promise<HttpResult<T>> {
    const attempts = spec.retry ? this.options.retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once<T>(spec);
      } catch (err) {
        if (!isRetryable(err) || attempt >= attempts || spec.signal?.aborted) throw err;
        const delay = this.backoff(attempt, err.retryAfter);
        this.options.logger?.warn('hokusai auth: retrying', {
          path: spec.path,
          attempt,
          status: err.status,
          delayMs: delay,
        });
        await sleep(delay);
      }
    }
  }

  private async once<T>(spec: RequestSpec): Promise<HttpResult<T>> {
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    try {
      const res = await this.options.fetch(this.url(spec), {
        method: spec.method,
        headers: this.headers(spec),
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: controller.signal,
      });
      const text = await res.text();
      const body = parseJson(text);
      if (!res.ok) {
        const errorBody = body === INVALID ? undefined : body;
        throw errorFromResponse(res.status, res.statusText, errorBody, parseRetryAfter(res.headers.get('retry-after')));
      }
      if (body === INVALID) {
        throw new HokusaiAuthError({
          status: res.status,
          detail: 'The auth service answered with invalid JSON',
          code: 'INVALID_RESPONSE',
        });
      }
      return { status: res.status, body: body as T, headers: res.headers };
    } catch (err) {
      if (err instanceof HokusaiAuthError) throw err;
      throw this.transportError(err, controller.signal.aborted && !spec.signal?.aborted);
    } finally {
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onAbort);
    }
  }

  private transportError(err: unknown, timedOut: boolean): HokusaiAuthError {
    if (timedOut) {
      return new HokusaiAuthError({
        status: 0,
        code: TIMEOUT,
        detail: `The auth service at ${this.options.baseUrl} did not answer within ${this.options.timeoutMs} ms`,
        cause: err,
      });
    }
    const reason = networkReason(err);
    return new HokusaiAuthError({
      status: 0,
      code: UNREACHABLE,
      detail: `Cannot reach the auth service at ${this.options.baseUrl}${reason ? ` (${reason})` : ''}`,
      cause: err,
    });
  }

  private url(spec: RequestSpec): string {
    const url = new URL(this.options.baseUrl.replace(/\/+$/, '') + spec.path);
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    }
    return url.toString();
  }

  private headers(spec: RequestSpec): Record<string, string> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': this.options.userAgent,
      ...spec.headers,
    };
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    if (spec.token) headers.Authorization = `Bearer ${spec.token}`;
    return headers;
  }

  /** base * 2^(attempt-1), capped, with half jitter; a Retry-After the service sent wins when it is longer. */
  private backoff(attempt: number, retryAfterSeconds?: number): number {
    const { retryBaseDelayMs: base, retryMaxDelayMs: max } = this.options;
    const exp = Math.min(max, base * 2 ** (attempt - 1));
    const jittered = exp / 2 + Math.random() * (exp / 2);
    return retryAfterSeconds === undefined ? jittered : Math.min(max, Math.max(jittered, retryAfterSeconds * 1000));
  }
}

function isRetryable(err: unknown): err is HokusaiAuthError {
  if (!(err instanceof HokusaiAuthError)) return false;
  if (err.status === 0) return err.code === UNREACHABLE;
  return err.status >= 500 && err.status !== 501;
}

const INVALID = Symbol('invalid-json');

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}

function networkReason(err: unknown): string | undefined {
  // fetch throws TypeError('fetch failed'); the useful part (ECONNREFUSED, ENOTFOUND, bad port) is its cause.
  // Duck-typed: errors from another realm (Jest's sandbox) fail instanceof Error.
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    cause?: { code?: unknown; message?: unknown };
    message?: unknown;
  };
  if (typeof e.cause?.code === 'string') return e.cause.code;
  if (typeof e.cause?.message === 'string') return e.cause.message;
  return typeof e.message === 'string' ? e.message : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
