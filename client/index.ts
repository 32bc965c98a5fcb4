// The client and the Express middleware. The Nest guard lives in './nest-guard' so Express-only apps never load
// @nestjs/common.
export * from './types';
export * from './hokusai-auth.error';
export { HokusaiAuthClient, DEFAULT_BASE_URL } from './hokusai-auth.client';
export type { CacheMode, HokusaiAuthClientOptions, ValidateOptions } from './hokusai-auth.client';
export type { HokusaiLogger } from './http-transport';
export { DEFAULT_CACHE_TTL_MS } from './validation-cache';
export type { ValidationContext } from './validation-cache';
export { extractApiKey } from './request-auth';
export type { HokusaiPrincipal, RecordUsageOptions } from './request-auth';
export { hokusaiAuth } from './express-middleware';
export type { HokusaiAuthOptions } from './express-middleware';
