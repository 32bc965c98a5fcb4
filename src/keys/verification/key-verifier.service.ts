import { Injectable, Logger } from '@nestjs/common';
import { lookupDigest, parseKey } from '../../common/keys/key-format';
import type { ApiKeyEntity } from '../api-key.entity';
import { KeyHasher } from '../key-hasher';
import { KeyLookupBatcher } from './key-lookup.batcher';
import type { KeySnapshot } from './key-snapshot';
import { VerificationCache } from './verification-cache';

/**
 * Turns a presented key into its snapshot, cheapest first (ARCHITECTURE.md "The validation hot path"): shape and
 * checksum in memory, the in-process cache while the lease holds, then the key's row: by id when this replica
 * already verified the key (no bcrypt), else by lookup digest plus exactly one bcrypt compare unless a replica
 * left the proof in Redis. Every request reads its own row (batched with the other reads of its event-loop turn),
 * so none is answered from a read made before a revocation it follows; concurrent misses of one key share the
 * compare, which never goes stale.
 */
@Injectable()
export class KeyVerifier {
  private readonly logger = new Logger('KeyVerifier');
  private readonly proving = new Map<string, Promise<boolean>>();

  constructor(
    private readonly cache: VerificationCache,
    private readonly lookups: KeyLookupBatcher,
    private readonly hasher: KeyHasher,
  ) {}

  /** The key's snapshot, or null when it is malformed, unknown or its secret is wrong. */
  resolve(plaintext: string): KeySnapshot | null | Promise<KeySnapshot | null> {
    if (!parseKey(plaintext)) return null;
    const cacheId = this.cache.cacheId(plaintext);
    const cached = this.cache.snapshot(cacheId);
    if (cached) return cached;
    if (this.cache.isKnownMiss(cacheId)) return null;
    return this.load(plaintext, cacheId);
  }

  private async load(plaintext: string, cacheId: string): Promise<KeySnapshot | null> {
    const generation = this.cache.generationNow();
    const knownId = this.cache.knownKeyId(cacheId);
    if (knownId !== undefined) {
      const row = await this.lookups.findById(knownId);
      return row && this.cache.remember(cacheId, row, generation);
    }
    // For a made-up key its share of one batched indexed query is the whole cost: no Redis, no bcrypt.
    const row = await this.lookups.find(lookupDigest(plaintext));
    if (!row || !(await this.proveOnce(plaintext, cacheId, row))) {
      this.cache.rememberMiss(cacheId);
      return null;
    }
    return this.cache.remember(cacheId, row, generation);
  }

  private proveOnce(plaintext: string, cacheId: string, row: ApiKeyEntity): Promise<boolean> {
    const flight = `${cacheId}:${row.id}`;
    let pending = this.proving.get(flight);
    if (!pending) {
      pending = this.prove(plaintext, cacheId, row).finally(() => this.proving.delete(flight));
      this.proving.set(flight, pending);
    }
    return pending;
  }

  private async prove(plaintext: string, cacheId: string, row: ApiKeyEntity): Promise<boolean> {
    // Some replica already verified this key: the proof in Redis spares the bcrypt compare.
    if ((await this.cache.verifiedKeyId(cacheId)) === row.id) return true;
    if (!(await this.hasher.compare(plaintext, row.keyHash))) return false;
    // Not awaited: the answer is already known, and a lost proof only costs another replica one compare.
    this.cache
      .share(cacheId, row.id)
      .catch((err: unknown) => this.logger.warn({ err }, 'Could not share a key proof in Redis'));
    return true;
  }
}
