import { HokusaiAuthError } from './hokusai-auth.error';
import { HokusaiLogger, HttpTransport } from './http-transport';
import type {
  ApiKeyInfo,
  BillingInfo,
  CreatedKeyResponse,
  CreateKeyRequest,
  KeysPage,
  ListKeysQuery,
  MessageResponse,
  RotatedKeyResponse,
  RotateKeyRequest,
  UsageEvent,
  UsageStats,
  ValidationResponse,
} from './types';
import { DEFAULT_CACHE_TTL_MS, ValidationCache, ValidationContext } from './validation-cache';

export const DEFAULT_BASE_URL = 'http://localhost:8000';

/**
 * `prefer-cache` (default): a cached answer younger than the TTL is returned without asking the service, as the
 * platform documentation describes. `outage-only`: always ask; use the cache only when the service is unreachable
 * or answers 5xx, so every request still counts against the key's hourly limit.
 */
export type CacheMode = 'prefer-cache' | 'outage-only';

export interface HokusaiAuthClientOptions {
  /** Default http://localhost:8000. */
  baseUrl?: string;
  /** Admin bearer token for key management, stats and billing. */
  adminToken?: string;
  /** Bearer token for usage recording when the service runs USAGE_AUTH=token; defaults to adminToken. */
  usageToken?: string;
  /** Per attempt; default 5000 ms. */
  timeoutMs?: number;
  /** Extra attempts for idempotent calls on 5xx or connection failures; default 2. Timeouts are not retried. */
  retries?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Default 5 minutes; 0 turns the cache off. */
  cacheTtlMs?: number;
  cacheMaxEntries?: number;
  cacheMode?: CacheMode;
  fetch?: typeof fetch;
  logger?: HokusaiLogger;
  userAgent?: string;
  /** Clock for the cache (tests). */
  now?: () => number;
}

export interface ValidateOptions extends ValidationContext {
  /** Forwarded as X-Request-Id so the service's log lines match the caller's. */
  requestId?: string;
  signal?: AbortSignal;
}

const VALIDATE_PATH = '/api/v1/keys/validate';

/** Typed HTTP client of the Hokusai auth service (CONTRACT.md). Every failure is a HokusaiAuthError. */
export class HokusaiAuthClient {
  private readonly http: HttpTransport;
  private readonly cache: ValidationCache;
  private readonly cacheMode: CacheMode;
  private readonly logger?: HokusaiLogger;

  constructor(private readonly options: HokusaiAuthClientOptions = {}) {
    this.http = new HttpTransport({
      baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
      timeoutMs: options.timeoutMs ?? 5000,
      retries: options.retries ?? 2,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 100,
      retryMaxDelayMs: options.retryMaxDelayMs ?? 2000,
      fetch: options.fetch ?? globalThis.fetch,
      userAgent: options.userAgent ?? 'hokusai-auth-client/1.0.0',
      logger: options.logger,
    });
    this.cache = new ValidationCache(
      options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS,
      options.cacheMaxEntries ?? 10_000,
      options.now,
    );
    this.cacheMode = options.cacheMode ?? 'prefer-cache';
    this.logger = options.logger;
  }

  get baseUrl(): string {
    return this.http.baseUrl;
  }

  /** Resolves with the 200 body; a refused key rejects with the service's status, detail and code. */
  async validate(apiKey: string, options: ValidateOptions = {}): Promise<ValidationResponse> {
    if (!apiKey) throw new HokusaiAuthError({ status: 400, detail: 'No API key provided', code: 'MISSING_KEY' });
    const fingerprint = ValidationCache.fingerprint(apiKey, options);
    if (this.cacheMode === 'prefer-cache') {
      const hit = this.cache.get(fingerprint);
      if (hit) return hit;
    }
    try {
      const body = await this.askService(apiKey, options);
      this.cache.set(fingerprint, ValidationCache.keyDigest(apiKey), body);
      return body;
    } catch (err) {
      if (!(err instanceof HokusaiAuthError)) throw err;
      if (err.status === 401) this.cache.dropKey(ValidationCache.keyDigest(apiKey));
      if (err.unavailable) {
        const stale = this.cache.get(fingerprint);
        if (stale) {
          this.logger?.warn('hokusai auth: service unavailable, using a cached validation', {
            status: err.status,
            code: err.code,
          });
          return stale;
        }
      }
      throw err;
    }
  }

  /** Forget cached validations of one key (e.g. after revoking it from this process). */
  forget(apiKey: string): void {
    this.cache.dropKey(ValidationCache.keyDigest(apiKey));
  }

  clearCache(): void {
    this.cache.clear();
  }

  async createKey(request: CreateKeyRequest): Promise<CreatedKeyResponse> {
    return this.admin<CreatedKeyResponse>('POST', '/api/v1/keys', { body: request, retry: false });
  }

  /** The first page (up to `limit`, default 1000 on the service). */
  async listKeys(query: ListKeysQuery = {}): Promise<ApiKeyInfo[]> {
    return (await this.listKeysPage(query)).items;
  }

  async listKeysPage(query: ListKeysQuery = {}): Promise<KeysPage> {
    const { body, headers } = await this.http.request<ApiKeyInfo[]>({
      method: 'GET',
      path: '/api/v1/keys',
      query: { ...query },
      token: this.options.adminToken,
      retry: true,
    });
    return { items: body, next_cursor: headers.get('x-next-cursor') || null };
  }

  async getKey(keyId: string): Promise<ApiKeyInfo> {
    return this.admin<ApiKeyInfo>('GET', `/api/v1/keys/${encodeURIComponent(keyId)}`, { retry: true });
  }

  /** Idempotent on the service, so it is retried. */
  async revokeKey(keyId: string): Promise<MessageResponse> {
    return this.admin<MessageResponse>('DELETE', `/api/v1/keys/${encodeURIComponent(keyId)}`, { retry: true });
  }

  /** Never retried: a retry after a lost answer would meet 409 "already rotated". */
  async rotateKey(keyId: string, request: RotateKeyRequest = {}): Promise<RotatedKeyResponse> {
    const body = request.grace_period_hours === undefined ? undefined : request;
    return this.admin<RotatedKeyResponse>('POST', `/api/v1/keys/${encodeURIComponent(keyId)}/rotate`, {
      body,
      retry: false,
    });
  }

  /** Retried only when the event carries an idempotency_key (the service then never counts it twice). */
  async recordUsage(keyId: string, event: UsageEvent): Promise<MessageResponse> {
    const { body } = await this.http.request<MessageResponse>({
      method: 'POST',
      path: `/api/v1/usage/${encodeURIComponent(keyId)}`,
      body: event,
      token: this.options.usageToken ?? this.options.adminToken,
      retry: event.idempotency_key !== undefined,
    });
    return body;
  }

  /** `period` is YYYY-MM; the service defaults to the current UTC month. */
  async stats(keyId: string, period?: string): Promise<UsageStats> {
    return this.admin<UsageStats>('GET', `/api/v1/usage/${encodeURIComponent(keyId)}/stats`, {
      query: { period },
      retry: true,
    });
  }

  async billing(keyId: string): Promise<BillingInfo> {
    return this.admin<BillingInfo>('GET', `/api/v1/usage/${encodeURIComponent(keyId)}/billing`, { retry: true });
  }

  private async askService(apiKey: string, options: ValidateOptions): Promise<ValidationResponse> {
    const { body } = await this.http.request<ValidationResponse>({
      method: 'POST',
      path: VALIDATE_PATH,
      token: apiKey,
      body: compact({
        service_id: options.serviceId,
        required_scope: options.requiredScope,
        client_ip: options.clientIp,
      }),
      headers: options.requestId ? { 'X-Request-Id': options.requestId } : undefined,
      retry: true,
      signal: options.signal,
    });
    // The contract never answers 200 for a refused key; be safe if a proxy or an old service does.
    if (!body || body.is_valid !== true) {
      throw new HokusaiAuthError({
        status: 401,
        detail: body?.error ?? 'API key not found or invalid',
        code: 'INVALID_KEY',
        body,
      });
    }
    return body;
  }

  private async admin<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    spec: { body?: unknown; query?: Record<string, string | undefined>; retry: boolean },
  ): Promise<T> {
    const { body } = await this.http.request<T>({ method, path, token: this.options.adminToken, ...spec });
    return body;
  }
}

function compact<T extends Record<string, unknown>>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}
