/*
 * The wire types of the Hokusai auth service, field for field as CONTRACT.md spells them (snake_case).
 * Hand-mirrored from the contract: client/ speaks HTTP only and never imports src/ (STYLE.md, Layout).
 */

export type ServiceId = 'website' | 'prediction' | 'platform';
export type Environment = 'production' | 'test' | 'development';

/** APIKeyInfo: CONTRACT.md "The key object". */
export interface ApiKeyInfo {
  key_id: string;
  id: string;
  name: string;
  key_prefix: string;
  user_id: string;
  service_id: ServiceId;
  scopes: string[];
  environment: Environment;
  is_active: boolean;
  rate_limit_per_hour: number;
  monthly_prediction_limit: number | null;
  billing_plan: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  allowed_ips: string[];
  revoked_at: string | null;
  rotated_to: string | null;
  rotated_from: string | null;
}

/** Body of POST /api/v1/keys. */
export interface CreateKeyRequest {
  name: string;
  service_id: ServiceId;
  scopes?: string[];
  environment?: Environment;
  expires_in_days?: number;
  expires_at?: string;
  rate_limit_per_hour?: number;
  monthly_prediction_limit?: number;
  allowed_ips?: string[];
  billing_plan?: string;
  user_id?: string;
}

/** 201 of POST /api/v1/keys: the only time `api_key` is ever sent. */
export interface CreatedKeyResponse {
  api_key: string;
  key_id: string;
  key_info: ApiKeyInfo;
}

/** Optional body of POST /api/v1/keys/{key_id}/rotate. */
export interface RotateKeyRequest {
  grace_period_hours?: number;
}

/** 200 of POST /api/v1/keys/{key_id}/rotate. */
export interface RotatedKeyResponse extends CreatedKeyResponse {
  previous_key_id: string;
  previous_key_valid_until: string | null;
}

/** Query of GET /api/v1/keys. */
export interface ListKeysQuery {
  service_id?: ServiceId;
  active_only?: boolean;
  expiring_within_days?: number;
  user_id?: string;
  limit?: number;
  cursor?: string;
}

/** One page of GET /api/v1/keys: the body is a bare array, the cursor comes from `X-Next-Cursor`. */
export interface KeysPage {
  items: ApiKeyInfo[];
  next_cursor: string | null;
}

export interface MessageResponse {
  message: string;
}

/** Body of POST /api/v1/keys/validate (the key itself travels as a Bearer header). */
export interface ValidateKeyRequest {
  service_id?: string;
  required_scope?: string;
  client_ip?: string;
}

/** 200 of POST /api/v1/keys/validate. A refused key is never a 200. */
export interface ValidationResponse {
  is_valid: boolean;
  key_id: string;
  user_id: string;
  service_id: ServiceId;
  scopes: string[];
  rate_limit_per_hour: number;
  billing_plan: string;
  monthly_prediction_limit: number | null;
  error: string | null;
  environment: Environment;
  expires_at: string | null;
}

/** Body of POST /api/v1/usage/{key_id}. */
export interface UsageEvent {
  service_id: string;
  endpoint: string;
  status_code: number;
  response_time_ms: number;
  predictions_count?: number;
  compute_ms?: number;
  model_id?: string;
  idempotency_key?: string;
}

/** 200 of GET /api/v1/usage/{key_id}/stats. */
export interface UsageStats {
  key_id: string;
  period: string;
  total_requests: number;
  total_predictions: number;
  total_compute_ms: number;
  average_response_time_ms: number;
  error_rate: number;
  top_endpoints: { endpoint: string; count: number }[];
}

/** 200 of GET /api/v1/usage/{key_id}/billing. */
export interface BillingInfo {
  key_id: string;
  billing_plan: string;
  current_usage: { requests: number; predictions: number; compute_ms: number };
  monthly_limit: number | null;
  overage_charges: number;
  next_billing_date: string;
}

/** One entry of a 422 body. */
export interface ValidationErrorItem {
  loc: (string | number)[];
  msg: string;
  type: string;
}
