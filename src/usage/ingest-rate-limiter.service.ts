import { Injectable } from '@nestjs/common';
import { Store } from '../common/store/store.port';
import { AppConfig } from '../config/app-config';

export interface IngestAllowance {
  allowed: boolean;
  retryAfterSeconds: number;
}

const WINDOW_MS = 60_000;

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
    const windowEnd = (Math.floor(now / WINDOW_MS) + 1) * WINDOW_MS;
    const { count, resetAtMs } = await this.store.incrementWindow(`hk:usage-ingest:${ip}`, windowEnd);
    return {
      allowed: count <= this.config.usageRateLimitPerMinute,
      retryAfterSeconds: Math.max(1, Math.ceil((resetAtMs - now) / 1000)),
    };
  }
}
