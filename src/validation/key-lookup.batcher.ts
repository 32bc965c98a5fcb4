import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { ApiKeyEntity } from '../keys/api-key.entity';
import { KeysRepository } from '../keys/keys.repository';

/** Most digests one query carries: a flood's batch stays a small index scan. */
export const MAX_LOOKUPS_PER_QUERY = 100;

/**
 * Coalesces the cold-path row lookups of all requests that arrive in one turn of the event loop into one indexed
 * query (a flood of made-up well-formed keys, each new, would otherwise cost a query each). No memoisation: a
 * load joins only a query not yet sent, so a request after a revocation never gets a row read before it; caching
 * is VerificationCache's job. setImmediate, not DataLoader's default tick: the requests of one I/O turn arrive in
 * separate callbacks, and the batch should hold all of them.
 */
@Injectable()
export class KeyLookupBatcher {
  private readonly loader: DataLoader<string, ApiKeyEntity | null>;

  constructor(keys: KeysRepository) {
    this.loader = new DataLoader((digests) => keys.findManyByLookup(digests), {
      cache: false,
      maxBatchSize: MAX_LOOKUPS_PER_QUERY,
      batchScheduleFn: (dispatch) => setImmediate(dispatch),
    });
  }

  /** The key whose lookup digest this is, or null. */
  find(lookupDigest: string): Promise<ApiKeyEntity | null> {
    return this.loader.load(lookupDigest);
  }
}
