import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../common/metrics/metrics.service';

/**
 * bcrypt at BCRYPT_ROUNDS in a worker pool: a cost-12 hash or compare takes ~250 ms of CPU, which must never
 * run on the event loop (ARCHITECTURE.md "The validation hot path").
 */
@Injectable()
export class KeyHasher implements OnApplicationShutdown {
  private readonly pool = new Piscina({
    filename: join(__dirname, 'bcrypt.worker.js'),
    minThreads: 1,
    maxThreads: Math.max(1, availableParallelism()),
    idleTimeout: 60_000,
  });

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  hash(secret: string): Promise<string> {
    return this.timed('hash', this.pool.run({ op: 'hash', secret, rounds: this.config.bcryptRounds }));
  }

  compare(secret: string, hash: string): Promise<boolean> {
    this.metrics.bcryptCompares.inc();
    return this.timed('compare', this.pool.run({ op: 'compare', secret, hash }));
  }

  private async timed<T>(op: 'hash' | 'compare', run: Promise<T>): Promise<T> {
    const end = this.metrics.bcryptDuration.startTimer({ op });
    try {
      return await run;
    } finally {
      end();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.destroy();
  }
}
