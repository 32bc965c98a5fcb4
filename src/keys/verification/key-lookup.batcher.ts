import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { ApiKeyEntity } from '../api-key.entity';
import { KeysRepository } from '../keys.repository';

/** Most digests or ids one query carries: a flood's batch stays a small index scan. */
export const MAX_LOOKUPS_PER_QUERY = 100;

/**
 * Coalesces the row reads of all validations that arrive in one turn of the event loop into one indexed query per
 * kind: by lookup digest on the cold path (a flood of made-up well-formed keys, each new, would otherwise cost a
 * query each), by id when the cache may not be trusted (no lease). No memoisation: a load joins only a query not
 * yet sent, so a request after a revocation never gets a row read before it; caching is VerificationCache's job.
 * setImmediate, not DataLoader's default tick: the requests of one I/O turn arrive in separate callbacks, and the
 * batch should hold all of them.
 */
@Injectable()
export class KeyLookupBatcher {
  private readonly byDigest: DataLoader<string, ApiKeyEntity | null>;
  private readonly byId: DataLoader<string, ApiKeyEntity | null>;

  constructor(keys: KeysRepository) {
    const options = {
      cache: false,
      maxBatchSize: MAX_LOOKUPS_PER_QUERY,
      batchScheduleFn: (dispatch: () => void) => setImmediate(dispatch),
    };
    this.byDigest = new DataLoader((digests) => keys.findManyByLookup(digests), options);
    this.byId = new DataLoader((ids) => keys.findManyByIds(ids), options);
  }

  /** The key whose lookup digest this is, or null. */
  find(lookupDigest: string): Promise<ApiKeyEntity | null> {
    return this.byDigest.load(lookupDigest);
  }

  /** The key with this id as it is now in the database, or null. */
  findById(id: string): Promise<ApiKeyEntity | null> {
    return this.byId.load(id);
  }
}
