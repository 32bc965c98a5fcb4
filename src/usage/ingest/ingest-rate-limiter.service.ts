import { Injectable, Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Store, type WindowCount } from '../../common/store/store.port';
import { endOfMinute, secondsUntil } from '../../common/time/minute-window';
import { AppConfig } from '../../config/app-config';

export interface IngestAllowance {
  allowed: boolean;
  retryAfterSeconds: number;
}

/** What this replica last heard of an address's count in one minute window, and its hits not answered yet. */
interface Heard {
  windowEnd: number;
  count: number;
  unanswered: number;
}

/** Addresses whose last count is remembered; a forgotten one only waits for its next answer again. */
const MAX_ADDRESSES = 10_000;
/** Below this share of the limit (counting hits still on their way), a hit is let through without waiting. */
const HEADROOM = 0.25;

/**
 * Counts usage ingestion requests per client IP in a fixed window aligned to the clock minute, in the shared
 * Store (Redis across replicas, memory on the embedded default). A batch counts as one request.
 *
 * Every hit is counted in the Store, but a caller far below its limit does not wait for the count: the platform
 * middleware awaits its debit before every platform request, and that Redis round trip was a sixth of the
 * debit's time (0.45 ms of 2.7 ms at p50, paced at 1,000/s). While the count this replica last heard for the
 * address, plus its hits not yet answered, stays under a quarter of the limit, the hit is allowed at once and its
 * count learned when it comes back; past that, each hit waits and is judged on its own count, so the 429 comes
 * where the shared count passes the limit. Replicas admit without waiting only up to a quarter of the limit each
 * between two answers, which come back within a Redis round trip (or the command deadline).
 */
@Injectable()
export class IngestRateLimiter {
  private readonly logger = new Logger('IngestRateLimiter');
  private readonly heard = new LRUCache<string, Heard>({ max: MAX_ADDRESSES });

  constructor(
    private readonly store: Store,
    private readonly config: AppConfig,
  ) {}

  hit(ip: string): Promise<IngestAllowance> {
    const now = Date.now();
    const windowEnd = endOfMinute(now);
    const counted = this.store.incrementWindow(`hk:usage-ingest:${ip}`, windowEnd);
    const heard = this.heard.get(ip);
    if (
      heard?.windowEnd === windowEnd &&
      heard.count + heard.unanswered < this.config.usageRateLimitPerMinute * HEADROOM
    ) {
      heard.unanswered++;
      counted
        .then((answer) => this.learn(ip, windowEnd, answer))
        .catch((err: unknown) => this.logger.warn({ err }, 'An ingestion count not awaited failed'))
        .finally(() => heard.unanswered--);
      return Promise.resolve({ allowed: true, retryAfterSeconds: secondsUntil(windowEnd, now) });
    }
    return counted.then((answer) => {
      this.learn(ip, windowEnd, answer);
      return {
        allowed: answer.count <= this.config.usageRateLimitPerMinute,
        retryAfterSeconds: secondsUntil(answer.resetAtMs, now),
      };
    });
  }

  private learn(ip: string, windowEnd: number, { count }: WindowCount): void {
    const heard = this.heard.get(ip);
    if (heard?.windowEnd === windowEnd) heard.count = Math.max(heard.count, count);
    else if (!heard || heard.windowEnd < windowEnd) this.heard.set(ip, { windowEnd, count, unanswered: 0 });
  }
}
