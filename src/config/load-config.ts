import { createHmac } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { AppConfig } from './app-config';
import { resolveAdminToken } from './admin-token.store';
import { EnvSchema } from './env.schema';
import { parseScanningKeys } from './scanning-keys';
import { parseRedisTopology } from './redis-topology';
import { parseTrustProxy } from './trust-proxy';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function firstProblem(errors: ValidationError[]): string {
  const e = errors[0];
  // A type rule ("must be an integer") says more than a bound checked against a value of the wrong type.
  const rules = Object.entries(e.constraints ?? {}).sort(
    ([a], [b]) => Number(!a.startsWith('is')) - Number(!b.startsWith('is')),
  );
  const rule = rules[0]?.[1] ?? 'is invalid';
  // class-validator messages start with the property name; keep only the rule so no value is echoed.
  return `${e.property} ${rule.startsWith(e.property) ? rule.slice(e.property.length).trim() : rule}`;
}

const TOKENS = ['ADMIN_TOKEN', 'ADMIN_TOKEN_PREVIOUS', 'USAGE_TOKEN'] as const;

/**
 * Every bearer token is as powerful as ADMIN_TOKEN, so each needs 32 characters in production (the previous and the
 * usage token needed 16). A token with whitespace, such as a secret file's trailing newline or 32 spaces, passed the
 * length check and could never authenticate (a bearer token is one run of non-space characters): refused by name.
 */
function checkTokens(raw: EnvSchema, production: boolean): void {
  if (production && !raw.ADMIN_TOKEN)
    throw new ConfigError('ADMIN_TOKEN must be set and at least 32 characters in production');
  for (const name of TOKENS) {
    const token = raw[name];
    if (token === undefined) continue;
    if (/\s/.test(token))
      throw new ConfigError(`${name} must not contain whitespace (a trailing newline from a secret file?)`);
    if (production && token.length < 32) {
      throw new ConfigError(
        name === 'ADMIN_TOKEN'
          ? 'ADMIN_TOKEN must be set and at least 32 characters in production'
          : `${name} must be at least 32 characters in production`,
      );
    }
  }
}

/** The environment after every rule passed, with the settings that needed parsing. */
interface CheckedEnv {
  raw: EnvSchema;
  production: boolean;
  trustProxy: AppConfig['trustProxy'];
  redis: AppConfig['redis'];
  scanningKeys: AppConfig['githubScanningKeys'];
}

/**
 * Every rule of the environment, and none of loadConfig's one side effect (generating a development admin token).
 * main.ts runs it before Nest starts: an error thrown inside Nest's injector is printed by Nest with its stack, and
 * the process exits before main.ts can print its one line.
 */
export function checkConfig(env: NodeJS.ProcessEnv = process.env): CheckedEnv {
  const raw = plainToInstance(EnvSchema, { ...env }, { exposeDefaultValues: true });
  const production = raw.NODE_ENV === 'production';
  // Before the schema, whose 16-character floor would otherwise answer a short production token with the wrong rule.
  checkTokens(raw, production);
  const errors = validateSync(raw, { whitelist: true, skipMissingProperties: false });
  if (errors.length) throw new ConfigError(firstProblem(errors));
  if (production && raw.BCRYPT_ROUNDS < 10) {
    throw new ConfigError('BCRYPT_ROUNDS must be at least 10 in production');
  }
  if (raw.USAGE_AUTH === 'token' && raw.USAGE_TOKEN === undefined && production && !raw.ADMIN_TOKEN) {
    throw new ConfigError('USAGE_TOKEN or ADMIN_TOKEN must be set when USAGE_AUTH=token');
  }
  const trustProxy = parseTrustProxy(raw.TRUST_PROXY);
  if ('problem' in trustProxy) throw new ConfigError(trustProxy.problem);
  const redis = parseRedisTopology(raw);
  if ('problem' in redis) throw new ConfigError(redis.problem);
  if (raw.REPORTS_DATABASE_URL && !raw.DATABASE_URL) {
    throw new ConfigError('REPORTS_DATABASE_URL needs DATABASE_URL (the embedded database has no read replica)');
  }
  const scanningKeys = parseScanningKeys(raw.SECRET_SCANNING_GITHUB_KEYS, raw.SECRET_SCANNING_GITHUB_KEYS_FILE);
  if ('problem' in scanningKeys) throw new ConfigError(scanningKeys.problem);
  return { raw, production, trustProxy: trustProxy.value, redis: redis.value, scanningKeys: scanningKeys.value };
}

/** Validates the environment once at boot; throws one line naming the variable and the rule. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const { raw, production, trustProxy, redis, scanningKeys } = checkConfig(env);
  const adminToken = raw.ADMIN_TOKEN ?? resolveAdminToken(raw.DATA_DIR, raw.PORT);
  const config: AppConfig = {
    nodeEnv: raw.NODE_ENV,
    port: raw.PORT,
    adminTokens: [adminToken, ...(raw.ADMIN_TOKEN_PREVIOUS ? [raw.ADMIN_TOKEN_PREVIOUS] : [])],
    databaseUrl: raw.DATABASE_URL,
    reportsDatabaseUrl: raw.REPORTS_DATABASE_URL,
    redis,
    bcryptRounds: raw.BCRYPT_ROUNDS,
    keyCacheTtlSeconds: raw.KEY_CACHE_TTL_SECONDS,
    rotationGraceHours: raw.ROTATION_GRACE_HOURS,
    trustProxy,
    logLevel: raw.LOG_LEVEL,
    usageAuth: raw.USAGE_AUTH ?? (production ? 'token' : 'open'),
    usageToken: raw.USAGE_TOKEN,
    keyCacheSecret: raw.KEY_CACHE_SECRET ?? createHmac('sha256', adminToken).update('hokusai-key-cache').digest('hex'),
    dataDir: raw.DATA_DIR,
    corsOrigins: raw.CORS_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    adminAuthFailuresPerMinute: raw.ADMIN_AUTH_FAILURES_PER_MINUTE,
    usageRateLimitPerMinute: raw.USAGE_RATE_LIMIT_PER_MINUTE,
    usageBufferMaxEvents: raw.USAGE_BUFFER_MAX_EVENTS,
    cacheLeaseMs: raw.CACHE_LEASE_MS,
    redisCommandTimeoutMs: raw.REDIS_COMMAND_TIMEOUT_MS,
    githubScanningKeys: scanningKeys,
    leakedKeyAction: raw.LEAKED_KEY_ACTION,
  };
  return Object.freeze(config);
}
