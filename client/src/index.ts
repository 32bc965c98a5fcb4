// @hokusai/auth-client: the client, its errors and the wire types. The Express middleware and the Nest guard are the
// subpaths './express' and './nest', so a team that uses neither loads (and installs) neither framework.
export * from './types';
export * from './hokusai-auth.error';
export { HokusaiAuthClient, DEFAULT_BASE_URL } from './hokusai-auth.client';
export type { CacheMode, HokusaiAuthClientOptions, ValidateOptions } from './hokusai-auth.client';
export type { HokusaiLogger } from './http-transport';
export { DEFAULT_CACHE_TTL_MS } from './validation-cache';
export type { ValidationContext } from './validation-cache';
export { extractApiKey } from './request-auth';
export type { HokusaiAuthSettings, HokusaiPrincipal, RecordUsageOptions } from './request-auth';
