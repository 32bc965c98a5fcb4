import { Injectable } from '@nestjs/common';
import { Store } from '../../common/store/store.port';
import { endOfMinute, secondsUntil } from '../../common/time/minute-window';
import { AppConfig } from '../../config/app-config';

export interface IngestAllowance {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Counts usage ingestion requests per client IP in a fixed window aligned to the clock minute, in the shared
 * Store (Redis across replicas, memory on the embedded default). A batch counts as one request.
 */
@Injectable()
export class IngestRateLimiter {
  constructor(
    private readonly store: Store,
    private readonly config: AppConfig,
  ) {}

  async hit(ip: string): Promise<IngestAllowance> {
    const now = Date.now();
    const { count, resetAtMs } = await this.store.incrementWindow(`hk:usage-ingest:${ip}`, endOfMinute(now));
    return {
      allowed: count <= this.config.usageRateLimitPerMinute,
      retryAfterSeconds: secondsUntil(resetAtMs, now),
    };
  }
}
