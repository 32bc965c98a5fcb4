import type { ApiKeyEntity } from './api-key.entity';

/**
 * The validation cache as the keys module sees it (ARCHITECTURE.md "The validation hot path"). Every change of a
 * key goes through KeyLifecycleService, which calls invalidate() before answering; create and rotate prime().
 */
export abstract class KeyCache {
  /** Warms the cache with a key just issued, so its first validation is served without bcrypt. */
  abstract prime(plaintext: string, key: ApiKeyEntity): Promise<void>;
  /** Drops the key from every replica's cache; resolves when each live replica acknowledged or its lease ran out. */
  abstract invalidate(key: ApiKeyEntity): Promise<void>;
}
