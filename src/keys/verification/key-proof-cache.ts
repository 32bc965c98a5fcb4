import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import KeyvRedis from '@keyv/redis';
import { Cache, createCache } from 'cache-manager';
import { Keyv } from 'keyv';
import { AppConfig } from '../../config/app-config';
import { ProofStoreConnection, proofStoreOptions } from './proof-store-options';

/**
 * The shared tier of the verification cache (ARCHITECTURE.md "Caching library choice"): the proof "this key is
 * key X", written by the replica that paid the bcrypt compare and read by the others on an in-process miss, off the
 * hot path. Through cache-manager 7, as the design card asks: in Redis with @keyv/redis, in memory without Redis.
 * A proof is only ever a saving, so every call has the Redis deadline and a failure is a miss (one more compare),
 * never an error: no offline queue, and a frozen Redis costs at most REDIS_COMMAND_TIMEOUT_MS.
 */
@Injectable()
export class KeyProofCache implements OnApplicationShutdown {
  private readonly logger = new Logger(KeyProofCache.name);
  private readonly cache: Cache;
  private readonly deadlineMs: number;
  private failing = false;

  constructor(config: AppConfig) {
    this.deadlineMs = config.redisCommandTimeoutMs;
    const store = config.redis ? redisKeyv(proofStoreOptions(config.redis)) : new Keyv();
    store.on('error', () => undefined);
    this.cache = createCache({ stores: [store] });
  }

  /** The key id this cache id was proven to be, or undefined (unknown, or Redis unavailable). */
  get(cacheId: string): Promise<string | undefined> {
    return this.bounded(
      this.cache.get<string>(proofKey(cacheId)).then((v) => v ?? undefined),
      undefined,
    );
  }

  /** Leaves the proof for the other replicas; resolves (without it) when Redis cannot take it in time. */
  async set(cacheId: string, keyId: string, ttlMs: number): Promise<void> {
    await this.bounded(
      this.cache.set(proofKey(cacheId), keyId, ttlMs).then(() => undefined),
      undefined,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bounded(
      this.cache.disconnect().then(() => undefined),
      undefined,
    );
  }

  private bounded<T>(work: Promise<T>, fallback: T): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<T>(
      (resolve) => (timer = setTimeout(() => resolve(this.failed(fallback)), this.deadlineMs)),
    );
    const done = work.then(
      (value) => (this.recovered(), value),
      () => this.failed(fallback),
    );
    return Promise.race([done, late]).finally(() => clearTimeout(timer));
  }

  // One log line per transition, never one per call.
  private failed<T>(fallback: T): T {
    if (!this.failing)
      this.logger.warn(
        'Key proofs unavailable in Redis: other replicas pay one bcrypt compare per new key until it returns',
      );
    this.failing = true;
    return fallback;
  }

  private recovered(): void {
    if (this.failing) this.logger.log('Key proofs available in Redis again');
    this.failing = false;
  }
}

/** What createKeyv does, for any topology: no key prefix of Keyv's own (we name keys on purpose), errors thrown. */
function redisKeyv(connection: ProofStoreConnection): Keyv {
  const keyv = new Keyv(new KeyvRedis(connection, { throwOnConnectError: false, throwOnErrors: true }), {
    useKeyPrefix: false,
  });
  keyv.throwOnErrors = true;
  keyv.namespace = undefined;
  return keyv;
}

/** One key per proof, read and written alone: any slot of a cluster serves it. */
function proofKey(cacheId: string): string {
  return `hk:kc:verified:${cacheId}`;
}
