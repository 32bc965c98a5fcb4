import type { ScanningPublicKey } from './scanning-keys';
import type { RedisTopology } from './redis-topology';
import type { TrustProxy } from './trust-proxy';

/** Typed, frozen settings (ARCHITECTURE.md "Configuration"); only src/config reads process.env. */
export abstract class AppConfig {
  abstract readonly nodeEnv: 'production' | 'development' | 'test';
  abstract readonly port: number;
  /** Tokens accepted as admin: the current one first, then ADMIN_TOKEN_PREVIOUS when set. */
  abstract readonly adminTokens: readonly string[];
  abstract readonly databaseUrl: string | undefined;
  /** A PostgreSQL read replica for stats, billing and aggregate reads; undefined: they read the primary. */
  abstract readonly reportsDatabaseUrl: string | undefined;
  /** REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS; undefined: shared state in memory (one replica). */
  abstract readonly redis: RedisTopology | undefined;
  abstract readonly bcryptRounds: number;
  abstract readonly keyCacheTtlSeconds: number;
  abstract readonly rotationGraceHours: number;
  /** Express's `trust proxy`: false, a hop count, or proxy addresses and CIDRs (never `true`). */
  abstract readonly trustProxy: TrustProxy;
  abstract readonly logLevel: string;
  abstract readonly usageAuth: 'open' | 'token';
  abstract readonly usageToken: string | undefined;
  /** Secret for HMAC cache ids; defaults to one derived from the admin token, so replicas agree. */
  abstract readonly keyCacheSecret: string;
  abstract readonly dataDir: string;
  abstract readonly corsOrigins: readonly string[];
  abstract readonly adminAuthFailuresPerMinute: number;
  /** Usage ingestion requests (record, batch, debit) allowed per client IP per clock minute. */
  abstract readonly usageRateLimitPerMinute: number;
  /** Usage events waiting for their group commit before ingestion answers 503 (back-pressure). */
  abstract readonly usageBufferMaxEvents: number;
  /** How long a replica trusts its key snapshots without hearing its own heartbeat on the invalidation channel. */
  abstract readonly cacheLeaseMs: number;
  /** Deadline of every Redis call; a call past it counts as Redis down. */
  abstract readonly redisCommandTimeoutMs: number;
  /** GitHub's secret-scanning public keys; undefined: the secret-scanning endpoint answers 404. */
  abstract readonly githubScanningKeys: readonly ScanningPublicKey[] | undefined;
  /** What a reported live key gets: revoked at once, or only audited and counted (a human decides). */
  abstract readonly leakedKeyAction: 'revoke' | 'report';
}
