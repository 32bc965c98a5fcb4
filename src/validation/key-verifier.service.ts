import { Injectable, Logger } from '@nestjs/common';
import { lookupDigest, parseKey } from '../common/keys/key-format';
import { KeyHasher } from '../keys/key-hasher';
import { KeyLookupBatcher } from './key-lookup.batcher';
import type { KeySnapshot } from './key-snapshot';
import { VerificationCache } from './verification-cache';

/**
 * Turns a presented key into its snapshot, cheapest first (ARCHITECTURE.md "The validation hot path"): shape and
 * checksum in memory, the in-process cache, then one indexed query (batched across requests); a key that exists
 * costs exactly one bcrypt compare unless a replica already left the proof in Redis. Concurrent misses of one key
 * share the work.
 */
@Injectable()
export class KeyVerifier {
  private readonly logger = new Logger('KeyVerifier');
  private readonly inFlight = new Map<string, Promise<KeySnapshot | null>>();

  constructor(
    private readonly cache: VerificationCache,
    private readonly lookups: KeyLookupBatcher,
    private readonly hasher: KeyHasher,
  ) {}

  /** The key's snapshot, or null when it is malformed, unknown or its secret is wrong. */
  resolve(plaintext: string): KeySnapshot | null | Promise<KeySnapshot | null> {
    if (!parseKey(plaintext)) return null;
    const cacheId = this.cache.cacheId(plaintext);
    const local = this.cache.local(cacheId);
    if (local === 'miss') return null;
    if (local) return local;
    // A request that arrives after an invalidation must not join a fill that read the row before it.
    const flight = `${this.cache.generationNow()}:${cacheId}`;
    let pending = this.inFlight.get(flight);
    if (!pending) {
      pending = this.fill(plaintext, cacheId).finally(() => this.inFlight.delete(flight));
      this.inFlight.set(flight, pending);
    }
    return pending;
  }

  private async fill(plaintext: string, cacheId: string): Promise<KeySnapshot | null> {
    const generation = this.cache.generationNow();
    // The row first: for a made-up key its share of one batched indexed query is the whole cost; no Redis, no bcrypt.
    const row = await this.lookups.find(lookupDigest(plaintext));
    if (!row) {
      this.cache.rememberMiss(cacheId);
      return null;
    }
    // Some replica already verified this key: the proof in Redis spares the bcrypt compare.
    const proven = (await this.cache.verifiedKeyId(cacheId)) === row.id;
    if (!proven && !(await this.hasher.compare(plaintext, row.keyHash))) {
      this.cache.rememberMiss(cacheId);
      return null;
    }
    const snapshot = this.cache.remember(cacheId, row, generation);
    // Not awaited: the answer is already known, and a lost proof only costs another replica one compare.
    if (!proven) this.cache.share(cacheId, row.id).catch((err: unknown) => this.logger.warn({ err }, 'Could not share a key proof in Redis'));
    return snapshot;
  }
}
