import type { Request } from 'express';
import { bearerToken } from '../common/auth/bearer-token';

/*
 * Reads POST /api/v1/keys/validate (CONTRACT.md "Validation"): the key from Authorization Bearer, then X-API-Key,
 * then the body, then the query; the optional body fields. Hand-checked rather than through class-validator,
 * which would cost the hot path more than everything else it does (ARCHITECTURE.md "Throughput").
 */

const FIELDS = ['api_key', 'service_id', 'required_scope', 'client_ip'] as const;
type Field = (typeof FIELDS)[number];

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
  const bearer = bearerToken(req.headers);
  if (bearer !== undefined) return bearer;
  const header = req.headers['x-api-key'];
  const value = Array.isArray(header) ? header[0] : header;
  return value ? value.trim() || undefined : undefined;
}

function queryKey(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/**
 * Unknown fields are ignored and JSON null means absent (CONTRACT.md "Conventions"). Validation never answers 422
 * (CONTRACT.md "Validation"; the platform middleware turns it into a 503): a body that is not an object is read as
 * empty, and a field of the wrong type or any length is kept as text that no key matches, so the key refuses as
 * INVALID_KEY, WRONG_SERVICE or INSUFFICIENT_SCOPE; a client_ip that is no address is ignored later.
 */
function bodyFields(body: unknown): Partial<Record<Field, string>> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const out: Partial<Record<Field, string>> = {};
  for (const field of FIELDS) {
    const value = (body as Record<string, unknown>)[field];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value === 'string') out[field] = value;
    else if (field !== 'client_ip') out[field] = JSON.stringify(value);
  }
  return out;
}
