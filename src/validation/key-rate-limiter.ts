import { Injectable } from '@nestjs/common';
import { PER_KEY_THROTTLER, StoreThrottlerStorage } from '../common/store/store-throttler.storage';
import type { KeySnapshot } from '../keys';
import { hourWindow, RateState } from './rate-window';

const SECOND_MS = 1000;

/**
 * The key id as a hash tag: every counter of one API key (`hk:throttle:per-key:{<id>}:h:…` and `…:s:…`) lands in
 * one slot of a Redis Cluster, so a script that ever takes both stays on one node (README "Which Redis").
 */
const tag = (keyId: string) => `{${keyId}}`;
const BURST = { name: 'burst', seconds: 1 };

export interface RateDecision {
  allowed: boolean;
  /** The state of the window that decided, for the headers: the hour, or the per-second burst window that refused. */
  window: RateState;
}

/**
 * Counts one request against the key's limits in @nestjs/throttler's storage (ours: one atomic Redis script, so
 * check and increment are a single step and replicas share the count). The burst limit is counted first, so a
 * request it refuses costs the hourly budget nothing.
 */
@Injectable()
export class KeyRateLimiter {
  constructor(private readonly storage: StoreThrottlerStorage) {}

  async consume(key: KeySnapshot, nowMs: number): Promise<RateDecision> {
    if (key.burstLimitPerSecond !== null) {
      const second = Math.floor(nowMs / SECOND_MS);
      const burst = await this.storage.increment(
        `${tag(key.id)}:s:${second}`,
        SECOND_MS,
        key.burstLimitPerSecond,
        0,
        PER_KEY_THROTTLER,
      );
      if (burst.totalHits > key.burstLimitPerSecond) {
        // Its own window's headers (issue 16 item 10): a 429 with only Retry-After told a client nothing to pace by.
        const window = {
          limit: key.burstLimitPerSecond,
          used: burst.totalHits,
          resetAtMs: (second + 1) * SECOND_MS,
          nowMs,
          policy: BURST,
        };
        return { allowed: false, window };
      }
    }
    const window = hourWindow(nowMs);
    // The counter lives until its hour ends (by the wall clock; a test clock may run ahead of it).
    const ttl = Math.max(SECOND_MS, window.resetAtMs - Date.now());
    const hits = await this.storage.increment(
      `${tag(key.id)}:h:${window.index}`,
      ttl,
      key.rateLimitPerHour,
      0,
      PER_KEY_THROTTLER,
    );
    const hourly = { limit: key.rateLimitPerHour, used: hits.totalHits, resetAtMs: window.resetAtMs, nowMs };
    return { allowed: hits.totalHits <= key.rateLimitPerHour, window: hourly };
  }
}
