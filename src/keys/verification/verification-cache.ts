import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Gauge } from 'prom-client';
import { createHmac, createSecretKey, KeyObject } from 'node:crypto';
import { MetricsService } from '../../common/metrics/metrics.service';
import { AppConfig } from '../../config/app-config';
import type { ApiKeyEntity } from '../api-key.entity';
import { KeyCache } from '../key-cache.port';
import { InvalidationBus } from './invalidation-bus';
import { KeyProofCache } from './key-proof-cache';
import { KeySnapshot, toSnapshot } from './key-snapshot';

const MAX_KEYS = 100_000;
const MISS_TTL_MS = 10_000;
// A verified key's id never changes, so Redis may keep the proof longer than a snapshot lives.
const VERIFIED_TTL_MS = 86_400_000;

/**
 * The verification cache (ARCHITECTURE.md "The validation hot path", steps 3 to 5), keyed by
 * HMAC-SHA256(server secret, key), never by the key. Two facts are kept apart:
 * - "this key is key X": immutable once bcrypt said so; in process and in Redis, so other replicas skip bcrypt;
 * - key X's snapshot: mutable, in process only, refilled from PostgreSQL by id and dropped on invalidation, and
 *   trusted only while the replica holds its lease (CacheLease); without it each validation re-reads the row.
 * Redis therefore never holds a snapshot that a revocation could leave stale.
 */
@Injectable()
export class VerificationCache extends KeyCache {
  private readonly verified: LRUCache<string, string>;
  private readonly snapshots: LRUCache<string, KeySnapshot>;
  private readonly misses = new LRUCache<string, true>({ max: MAX_KEYS, ttl: MISS_TTL_MS });
  /** Bumped by every invalidation, so a fill that read the database before it does not plant stale data. */
  private generation = 0;
  // Bound once: prom-client hashes a labels object on every inc() otherwise, on the hottest line of the service.
  private readonly memoryHit;
  private readonly memoryMiss;
  // Imported once: a string secret is encoded and imported again by every createHmac (0.2 of its 1.7 µs here).
  private readonly secret: KeyObject;

  constructor(
    config: AppConfig,
    private readonly proofs: KeyProofCache,
    private readonly bus: InvalidationBus,
    private readonly metrics: MetricsService,
  ) {
    super();
    this.secret = createSecretKey(Buffer.from(config.keyCacheSecret, 'utf8'));
    this.memoryHit = metrics.cache.labels({ tier: 'memory', result: 'hit' });
    this.memoryMiss = metrics.cache.labels({ tier: 'memory', result: 'miss' });
    const ttl = config.keyCacheTtlSeconds * 1000;
    this.verified = new LRUCache({ max: MAX_KEYS, ttl });
    this.snapshots = new LRUCache({ max: MAX_KEYS, ttl });
    bus.onInvalidate((keyId) => this.drop(keyId));
    bus.onReset(() => this.dropAll());
    new Gauge({
      name: 'hokusai_cache_lease_held',
      help: '1 while this replica trusts its key cache (its heartbeat came back within CACHE_LEASE_MS); 0: every validation reads the key row',
      registers: [metrics.registry],
      collect() {
        this.set(bus.lease.held ? 1 : 0);
      },
    });
  }

  cacheId(plaintext: string): string {
    return createHmac('sha256', this.secret).update(plaintext).digest('base64url');
  }

  /** The hot path: the key's cached snapshot, only while this replica holds its lease (else it must be re-read). */
  snapshot(cacheId: string): KeySnapshot | undefined {
    const keyId = this.verified.get(cacheId);
    const snapshot = keyId === undefined || !this.bus.lease.held ? undefined : this.snapshots.get(keyId);
    (snapshot ? this.memoryHit : this.memoryMiss).inc();
    return snapshot;
  }

  /** The id this replica verified the key as: a fact that never goes stale, so no lease is needed to use it. */
  knownKeyId(cacheId: string): string | undefined {
    return this.verified.get(cacheId);
  }

  /** An unknown key or a wrong secret seen lately: refused with no I/O (ARCHITECTURE.md step 5). */
  isKnownMiss(cacheId: string): boolean {
    return this.misses.has(cacheId);
  }

  /** The id of the key this cache id was verified as, by this replica or another. */
  async verifiedKeyId(cacheId: string): Promise<string | undefined> {
    const local = this.verified.get(cacheId);
    if (local) return local;
    const shared = await this.proofs.get(cacheId);
    this.metrics.cache.inc({ tier: 'redis', result: shared ? 'hit' : 'miss' });
    return shared;
  }

  generationNow(): number {
    return this.generation;
  }

  /** Remembers a verified key here; the snapshot is kept only if no invalidation happened since `generation`. */
  remember(cacheId: string, key: ApiKeyEntity, generation: number): KeySnapshot {
    const snapshot = toSnapshot(key);
    this.verified.set(cacheId, key.id);
    this.misses.delete(cacheId);
    if (generation === this.generation) this.snapshots.set(key.id, snapshot);
    return snapshot;
  }

  /** Leaves the proof "this key is key X" in Redis, so other replicas skip the bcrypt compare. */
  share(cacheId: string, keyId: string): Promise<void> {
    return this.proofs.set(cacheId, keyId, VERIFIED_TTL_MS);
  }

  rememberMiss(cacheId: string): void {
    this.misses.set(cacheId, true);
  }

  async prime(plaintext: string, key: ApiKeyEntity): Promise<void> {
    const cacheId = this.cacheId(plaintext);
    this.remember(cacheId, key, this.generation);
    // Awaited here: the create or rotate response must find every replica's first validation warm.
    await this.share(cacheId, key.id);
  }

  /** Resolves when no replica serves the key from a snapshot taken before the call (InvalidationBus). */
  async invalidate(key: ApiKeyEntity): Promise<void> {
    await this.bus.invalidate(key.id);
  }

  private drop(keyId: string): void {
    this.generation++;
    this.snapshots.delete(keyId);
  }

  /** Invalidations may have been missed (a gap in the lease, a new subscription): forget every snapshot; proofs stay true. */
  private dropAll(): void {
    this.generation++;
    this.snapshots.clear();
  }
}
