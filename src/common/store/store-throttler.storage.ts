import { Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { Store } from './store.port';

/** The throttler whose counters belong to API keys (their hourly and burst windows); all others count addresses. */
export const PER_KEY_THROTTLER = 'per-key';

/**
 * @nestjs/throttler storage on our Store (one atomic Redis round trip), because the published Redis storages do
 * not support Nest 12 (ARCHITECTURE.md "Rate limits"). Counts are shared by every replica.
 */
@Injectable()
export class StoreThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly store: Store) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _block: number,
    name: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    const { count, resetAtMs } = await this.store.incrementWindow(
      `hk:throttle:${name}:${key}`,
      now + ttl,
      1,
      name === PER_KEY_THROTTLER ? 'key' : 'address',
    );
    const secondsLeft = Math.max(1, Math.ceil((resetAtMs - now) / 1000));
    return { totalHits: count, timeToExpire: secondsLeft, isBlocked: count > limit, timeToBlockExpire: secondsLeft };
  }
}
