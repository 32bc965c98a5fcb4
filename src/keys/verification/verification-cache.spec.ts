import { createHmac } from 'node:crypto';
import { MetricsService } from '../../common/metrics/metrics.service';
import { MemoryStore } from '../../common/store/memory.store';
import type { AppConfig } from '../../config/app-config';
import type { InvalidationBus } from './invalidation-bus';
import type { KeyProofCache } from './key-proof-cache';
import { VerificationCache } from './verification-cache';

const SECRET = 'a cache secret with ünïcode, as an operator may write it';
const KEY = 'hk_live_abcdefghijklmnopqrstuvwxyz012345';

function cache(secret = SECRET): VerificationCache {
  const config = { keyCacheSecret: secret, keyCacheTtlSeconds: 60 } as AppConfig;
  const bus = { onInvalidate: () => undefined, onReset: () => undefined, lease: { held: true } };
  return new VerificationCache(
    config,
    {} as KeyProofCache,
    bus as unknown as InvalidationBus,
    new MetricsService(new MemoryStore()),
  );
}

describe('VerificationCache.cacheId', () => {
  it('is HMAC-SHA256(secret, key) in base64url, as every replica and every earlier version computes it', () => {
    // The id names the key's proof in Redis: a replica computing it differently would miss every shared proof.
    const expected = createHmac('sha256', SECRET).update(KEY).digest('base64url');
    expect(cache().cacheId(KEY)).toBe(expected);
    expect(cache().cacheId(KEY)).toBe(cache().cacheId(KEY));
  });

  it('never contains the key, and differs with the secret', () => {
    expect(cache().cacheId(KEY)).not.toContain(KEY.slice(8));
    expect(cache('another secret').cacheId(KEY)).not.toBe(cache().cacheId(KEY));
  });
});
