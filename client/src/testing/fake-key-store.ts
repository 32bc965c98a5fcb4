import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiKeyInfo, Environment, ServiceId, UsageEvent, ValidationErrorItem } from '../types';

/* The state and rules behind FakeHokusaiServer: a small, in-memory reading of CONTRACT.md. */

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface StoredKey {
  apiKey: string;
  info: ApiKeyInfo;
  validations: number;
}

const SERVICES = ['website', 'prediction', 'platform'];
const ENVIRONMENTS: Record<string, string> = { production: 'hk_live_', test: 'hk_test_', development: 'hk_dev_' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOT_FOUND: Reply = { status: 404, body: { detail: 'API key not found' } };

export const timestamp = (ms = Date.now()): string => new Date(ms).toISOString().replace('Z', '+00:00');

export class FakeKeyStore {
  readonly keys = new Map<string, StoredKey>();
  readonly usage = new Map<string, UsageEvent[]>();

  create(fields: Partial<ApiKeyInfo> & { name: string; service_id: ServiceId }): { apiKey: string; info: ApiKeyInfo } {
    const environment = fields.environment ?? 'production';
    const apiKey = ENVIRONMENTS[environment] + [...randomBytes(32)].map((b) => BASE62[b % 62]).join('');
    const id = randomUUID();
    const info: ApiKeyInfo = {
      key_id: id,
      id,
      key_prefix: `${apiKey.slice(0, apiKey.indexOf('_', 3) + 4)}***`,
      user_id: 'admin',
      scopes: [],
      environment,
      is_active: true,
      rate_limit_per_hour: 1000,
      burst_limit_per_second: null,
      monthly_prediction_limit: null,
      billing_plan: 'free',
      created_at: timestamp(),
      expires_at: null,
      last_used_at: null,
      allowed_ips: [],
      revoked_at: null,
      rotated_to: null,
      rotated_from: null,
      ...fields,
    };
    info.key_id = info.id = id;
    this.keys.set(id, { apiKey, info, validations: 0 });
    return { apiKey, info };
  }

  createFromRequest(b: Record<string, unknown>): Reply {
    const errors = [
      ...check(b, 'name', (v) => typeof v === 'string' && v.length >= 1 && v.length <= 100, true),
      ...check(b, 'service_id', (v) => SERVICES.includes(v as string), true),
      ...check(b, 'environment', (v) => typeof v === 'string' && v in ENVIRONMENTS),
      ...check(b, 'rate_limit_per_hour', (v) => isInt(v, 10, 100000)),
      ...check(b, 'expires_in_days', (v) => isInt(v, 1, 365)),
      ...check(b, 'scopes', (v) => Array.isArray(v) && v.every((s) => typeof s === 'string')),
      ...check(
        b,
        'allowed_ips',
        (v) => Array.isArray(v) && v.every((s) => typeof s === 'string' && /^[0-9a-f:.]+(\/\d+)?$/i.test(s)),
      ),
    ];
    if (errors.length) return { status: 422, body: { detail: errors } };
    const days = b.expires_in_days as number | undefined;
    const { apiKey, info } = this.create({
      name: b.name as string,
      service_id: b.service_id as ServiceId,
      environment: (b.environment as Environment | undefined) ?? 'production',
      scopes: (b.scopes as string[] | undefined) ?? [],
      allowed_ips: (b.allowed_ips as string[] | undefined) ?? [],
      rate_limit_per_hour: (b.rate_limit_per_hour as number | undefined) ?? 1000,
      expires_at: days ? timestamp(Date.now() + days * 86_400_000) : null,
    });
    return { status: 201, body: { api_key: apiKey, key_id: info.key_id, key_info: info } };
  }

  list(q: URLSearchParams): Reply {
    const activeOnly = /^(true|1|yes|on|t|y)$/i.test(q.get('active_only') ?? '');
    const items = [...this.keys.values()]
      .map((k) => k.info)
      .filter((k) => (!q.get('service_id') || k.service_id === q.get('service_id')) && (!activeOnly || k.is_active))
      .reverse();
    return { status: 200, body: items };
  }

  get(id: string): Reply {
    return this.withKey(id, (k) => ({ status: 200, body: k.info }));
  }

  revoke(id: string): Reply {
    return this.withKey(id, (k) => {
      if (k.info.is_active) Object.assign(k.info, { is_active: false, revoked_at: timestamp() });
      return { status: 200, body: { message: 'API key revoked successfully' } };
    });
  }

  rotate(id: string, b: Record<string, unknown>): Reply {
    const grace = check(b, 'grace_period_hours', (v) => isInt(v, 0, 168));
    if (grace.length) return { status: 422, body: { detail: grace } };
    return this.withKey(id, (old) => {
      if (old.info.rotated_to) return { status: 409, body: { detail: 'API key was already rotated' } };
      if (!old.info.is_active) return { status: 409, body: { detail: 'API key is revoked' } };
      const hours = (b.grace_period_hours as number | undefined) ?? 0;
      const { key_id: _id, id: _same, key_prefix: _p, created_at: _c, last_used_at: _l, ...settings } = old.info;
      const next = this.create({ ...settings, rotated_from: old.info.key_id, rotated_to: null, revoked_at: null });
      const until = hours ? timestamp(Date.now() + hours * 3_600_000) : null;
      Object.assign(old.info, { rotated_to: next.info.key_id, revoked_at: until ?? timestamp(), is_active: hours > 0 });
      const body = {
        api_key: next.apiKey,
        key_id: next.info.key_id,
        key_info: next.info,
        previous_key_id: old.info.key_id,
      };
      return { status: 200, body: { ...body, previous_key_valid_until: until } };
    });
  }

  validate(headers: IncomingHttpHeaders, b: Record<string, unknown>, q: URLSearchParams): Reply {
    const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
    const key =
      bearer ?? (headers['x-api-key'] as string | undefined) ?? (b.api_key as string | undefined) ?? q.get('api_key');
    if (!key) return refusal(400, 'No API key provided', 'MISSING_KEY');
    const found = [...this.keys.values()].find((k) => k.apiKey === key);
    if (!found) return refusal(401, 'API key not found or invalid', 'INVALID_KEY');
    const k = found.info;
    const now = Date.now();
    if (!k.is_active || (k.revoked_at && Date.parse(k.revoked_at) <= now))
      return refusal(401, 'API key is inactive', 'REVOKED');
    if (k.expires_at && Date.parse(k.expires_at) <= now) return refusal(401, 'API key has expired', 'EXPIRED');
    if (b.service_id && b.service_id !== k.service_id) {
      return refusal(401, `API key not valid for service ${b.service_id as string}`, 'WRONG_SERVICE');
    }
    const scope = b.required_scope as string | undefined;
    if (scope && !grants(k.scopes, scope))
      return refusal(401, `Insufficient scope: ${scope} required`, 'INSUFFICIENT_SCOPE');
    if (
      k.allowed_ips.length &&
      !k.allowed_ips.some((cidr) => ipMatches((b.client_ip as string | undefined) ?? '', cidr))
    ) {
      return refusal(401, 'IP address not allowed', 'IP_NOT_ALLOWED');
    }
    if (found.validations >= k.rate_limit_per_hour) {
      return {
        ...refusal(429, 'Rate limit exceeded', 'RATE_LIMITED'),
        headers: { 'Retry-After': '1800', 'X-RateLimit-Remaining': '0' },
      };
    }
    found.validations++;
    k.last_used_at = timestamp();
    const {
      key_id,
      user_id,
      service_id,
      scopes,
      rate_limit_per_hour,
      billing_plan,
      monthly_prediction_limit,
      environment,
      expires_at,
    } = k;
    const body = {
      is_valid: true,
      key_id,
      user_id,
      service_id,
      scopes,
      rate_limit_per_hour,
      billing_plan,
      monthly_prediction_limit,
    };
    return { status: 200, body: { ...body, error: null, environment, expires_at } };
  }

  recordUsage(id: string, b: Record<string, unknown>): Reply {
    const errors = [
      ...check(b, 'service_id', (v) => typeof v === 'string' && v.length > 0, true),
      ...check(b, 'endpoint', (v) => typeof v === 'string' && v.length > 0, true),
      ...check(b, 'status_code', (v) => v === 0 || isInt(v, 100, 599), true),
      ...check(b, 'response_time_ms', (v) => isInt(v, 0, Number.MAX_SAFE_INTEGER), true),
    ];
    if (errors.length) return { status: 422, body: { detail: errors } };
    return this.withKey(id, (k) => {
      const events = this.usage.get(k.info.key_id) ?? [];
      if (!b.idempotency_key || !events.some((e) => e.idempotency_key === b.idempotency_key))
        events.push(b as unknown as UsageEvent);
      this.usage.set(k.info.key_id, events);
      return { status: 200, body: { message: 'Usage recorded successfully' } };
    });
  }

  stats(id: string, period: string | null): Reply {
    if (period !== null && !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) {
      return {
        status: 422,
        body: { detail: [{ loc: ['query', 'period'], msg: 'Period must be YYYY-MM', type: 'value_error' }] },
      };
    }
    return this.withKey(id, (k) => {
      const events = this.usage.get(k.info.key_id) ?? [];
      const known = events.filter((e) => e.status_code !== 0);
      const counts = new Map<string, number>();
      for (const e of events) counts.set(e.endpoint, (counts.get(e.endpoint) ?? 0) + 1);
      const body = {
        key_id: k.info.key_id,
        period: period ?? new Date().toISOString().slice(0, 7),
        total_requests: events.length,
        total_predictions: sum(events, (e) => e.predictions_count ?? 0),
        total_compute_ms: sum(events, (e) => e.compute_ms ?? 0),
        average_response_time_ms: known.length ? sum(known, (e) => e.response_time_ms) / known.length : 0,
        error_rate: known.length ? known.filter((e) => e.status_code >= 400).length / known.length : 0,
        top_endpoints: [...counts]
          .map(([endpoint, count]) => ({ endpoint, count }))
          .sort((a, b) => b.count - a.count)
          .slice(0, 10),
      };
      return { status: 200, body };
    });
  }

  billing(id: string): Reply {
    return this.withKey(id, (k) => {
      const events = this.usage.get(k.info.key_id) ?? [];
      const predictions = sum(events, (e) => e.predictions_count ?? 0);
      const limit = k.info.monthly_prediction_limit;
      const now = new Date();
      return {
        status: 200,
        body: {
          key_id: k.info.key_id,
          billing_plan: k.info.billing_plan,
          current_usage: { requests: events.length, predictions, compute_ms: sum(events, (e) => e.compute_ms ?? 0) },
          monthly_limit: limit,
          overage_charges: limit === null ? 0 : Math.max(0, predictions - limit) * 0.001,
          next_billing_date: timestamp(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
        },
      };
    });
  }

  private withKey(id: string, then: (k: StoredKey) => Reply): Reply {
    if (!UUID.test(id)) {
      return {
        status: 422,
        body: { detail: [{ loc: ['path', 'key_id'], msg: 'Input should be a valid UUID', type: 'uuid_parsing' }] },
      };
    }
    const k = this.keys.get(id);
    return k ? then(k) : NOT_FOUND;
  }
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function check(
  b: Record<string, unknown>,
  field: string,
  ok: (v: unknown) => boolean,
  required = false,
): ValidationErrorItem[] {
  const v = b[field];
  if (v === undefined || v === null)
    return required ? [{ loc: ['body', field], msg: 'Field required', type: 'missing' }] : [];
  return ok(v) ? [] : [{ loc: ['body', field], msg: `Invalid value for ${field}`, type: 'value_error' }];
}

function isInt(v: unknown, min: number, max: number): boolean {
  return Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
}

/** Every validation refusal carries is_valid false and error equal to detail (CONTRACT.md "Validation"). */
function refusal(status: number, detail: string, code: string): Reply {
  return { status, body: { detail, code, is_valid: false, error: detail } };
}

function grants(scopes: string[], wanted: string): boolean {
  if (!scopes.length) return true;
  return scopes.some((s) => s === '*' || s === wanted || (s.endsWith(':*') && wanted.startsWith(s.slice(0, -1))));
}

/** IPv4 only, which is all the tests need: exact match or a CIDR block. */
function ipMatches(ip: string, cidr: string): boolean {
  const [net, bits = '32'] = cidr.split('/');
  const toInt = (a: string) => a.split('.').reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip) || !/^\d+\.\d+\.\d+\.\d+$/.test(net)) return ip === net;
  const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
  return (toInt(ip) & mask) === (toInt(net) & mask);
}

function sum<T>(items: T[], f: (item: T) => number): number {
  return items.reduce((n, item) => n + f(item), 0);
}
