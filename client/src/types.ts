/*
 * The client's names for the service's wire types. Every shape below comes from ./generated/openapi.ts, which is
 * generated from the OpenAPI document the service builds at start (and checked against it by a test), so a field
 * renamed or retyped on the service breaks the client's build instead of its callers. Only KeysPage and
 * ValidationErrorItem are the client's own: the first is how it returns a page, the second the 422 entry that
 * FastAPI-shaped error bodies carry (CONTRACT.md "Errors") and that the document does not describe.
 */
import type { components, paths } from './generated/openapi';

type Schemas = components['schemas'];

/** APIKeyInfo: CONTRACT.md "The key object". */
export type ApiKeyInfo = Schemas['KeyResponse'];
export type ServiceId = ApiKeyInfo['service_id'];
export type Environment = ApiKeyInfo['environment'];

/** Body of POST /api/v1/keys. */
export type CreateKeyRequest = Schemas['CreateKeyDto'];
/** 201 of POST /api/v1/keys: the only time `api_key` is ever sent. */
export type CreatedKeyResponse = Schemas['CreatedKeyResponse'];
/** Optional body of POST /api/v1/keys/{key_id}/rotate. */
export type RotateKeyRequest = Schemas['RotateKeyDto'];
/** 200 of POST /api/v1/keys/{key_id}/rotate. */
export type RotatedKeyResponse = Schemas['RotatedKeyResponse'];
/** Query of GET /api/v1/keys. */
export type ListKeysQuery = NonNullable<paths['/api/v1/keys']['get']['parameters']['query']>;
export type MessageResponse = Schemas['MessageResponse'];

/** Body of POST /api/v1/keys/validate (the client sends the key itself as a Bearer header). */
export type ValidateKeyRequest = Omit<Schemas['ValidateKeyDto'], 'api_key'>;
/** 200 of POST /api/v1/keys/validate. A refused key is never a 200. */
export type ValidationResponse = Schemas['ValidationResponse'];
/** 400, 401 and 429 of POST /api/v1/keys/validate. */
export type ValidationRefusal = Schemas['ValidationRefusalResponse'];

/** Body of POST /api/v1/usage/{key_id}. */
export type UsageEvent = Schemas['UsageEventDto'];
/** 200 of GET /api/v1/usage/{key_id}/stats. */
export type UsageStats = Schemas['UsageStatsResponse'];
/** 200 of GET /api/v1/usage/{key_id}/billing. */
export type BillingInfo = Schemas['BillingResponse'];

/** One page of GET /api/v1/keys: the body is a bare array, the cursor comes from `X-Next-Cursor`. */
export interface KeysPage {
  items: ApiKeyInfo[];
  next_cursor: string | null;
}

/** One entry of a 422 body. */
export interface ValidationErrorItem {
  loc: (string | number)[];
  msg: string;
  type: string;
}
