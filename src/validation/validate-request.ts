import type { Request } from 'express';
import { HandWrittenViolation, Violation } from '../common/errors/request-validation.error';

/*
 * Reads POST /api/v1/keys/validate (CONTRACT.md "Validation"): the key from Authorization Bearer, then X-API-Key,
 * then the body, then the query; the optional body fields. Hand-checked rather than through class-validator,
 * which would cost the hot path more than everything else it does (ARCHITECTURE.md "Throughput").
 */

const MAX_KEY = 256;
const FIELDS = { api_key: MAX_KEY, service_id: 64, required_scope: 100, client_ip: 64 } as const;
type Field = keyof typeof FIELDS;

export interface ValidateRequest {
  /** The first key source present, or undefined when there is none. */
  presentedKey: string | undefined;
  serviceId?: string;
  requiredScope?: string;
  clientIp?: string;
}

export function readValidateRequest(req: Request): ValidateRequest {
  const body = bodyFields(req.body);
  return {
    presentedKey: headerKey(req) ?? body.api_key ?? queryKey(req.query?.api_key),
    serviceId: body.service_id,
    requiredScope: body.required_scope,
    clientIp: body.client_ip,
  };
}

function headerKey(req: Request): string | undefined {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(auth);
    if (m) return m[1];
  }
  const header = req.headers['x-api-key'];
  const value = Array.isArray(header) ? header[0] : header;
  return value ? value.trim() || undefined : undefined;
}

function queryKey(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/** Unknown fields are ignored and JSON null means absent (CONTRACT.md "Conventions"); wrong types are a 422. */
function bodyFields(body: unknown): Partial<Record<Field, string>> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new HandWrittenViolation([{ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type' }]);
  }
  const out: Partial<Record<Field, string>> = {};
  const violations: Violation[] = [];
  for (const field of Object.keys(FIELDS) as Field[]) {
    const value = (body as Record<string, unknown>)[field];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') violations.push({ loc: ['body', field], msg: 'Input should be a valid string', type: 'string_type' });
    else if (value.length > FIELDS[field]) {
      violations.push({ loc: ['body', field], msg: `String should have at most ${FIELDS[field]} characters`, type: 'string_too_long' });
    } else out[field] = value;
  }
  if (violations.length) throw new HandWrittenViolation(violations);
  return out;
}
