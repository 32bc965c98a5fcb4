import { Injectable } from '@nestjs/common';
import { lookupDigest, parseKey } from '../common/keys/key-format';
import { KeyHasher } from '../keys/key-hasher';
import { KeysRepository } from '../keys/keys.repository';
import type { KeySnapshot } from './key-snapshot';
import { VerificationCache } from './verification-cache';

/**
 * Turns a presented key into its snapshot, cheapest first (ARCHITECTURE.md "The validation hot path"): shape and
 * checksum in memory, the in-process cache, the verified-key proof in Redis (then the row by id), and only for a
 * key no replica has verified the indexed lookup plus exactly one bcrypt compare, shared by concurrent misses.
 */
@Injectable()
export class KeyVerifier {
  private readonly inFlight = new Map<string, Promise<KeySnapshot | null>>();

  constructor(
    private readonly cache: VerificationCache,
    private readonly keys: KeysRepository,
    private readonly hasher: KeyHasher,
  ) {}

  /** The key's snapshot, or null when it is malformed, unknown or its secret is wrong. */
  resolve(plaintext: string): KeySnapshot | null | Promise<KeySnapshot | null> {
    if (!parseKey(plaintext)) return null;
    const cacheId = this.cache.cacheId(plaintext);
    const local = this.cache.local(cacheId);
    if (local === 'miss') return null;
    if (local) return local;
    let pending = this.inFlight.get(cacheId);
    if (!pending) {
      pending = this.fill(plaintext, cacheId).finally(() => this.inFlight.delete(cacheId));
      this.inFlight.set(cacheId, pending);
    }
    return pending;
  }

  private async fill(plaintext: string, cacheId: string): Promise<KeySnapshot | null> {
    const generation = this.cache.generationNow();
    const knownId = await this.cache.verifiedKeyId(cacheId);
    if (knownId) {
      const row = await this.keys.findById(knownId);
      if (row) return this.cache.remember(cacheId, row, generation, false);
    }
    const row = await this.keys.findByLookup(lookupDigest(plaintext));
    if (!row || !(await this.hasher.compare(plaintext, row.keyHash))) {
      this.cache.rememberMiss(cacheId);
      return null;
    }
    return this.cache.remember(cacheId, row, generation, true);
  }
}
