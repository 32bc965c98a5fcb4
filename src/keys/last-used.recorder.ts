import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { KeysRepository } from './keys.repository';

const FLUSH_EVERY_MS = 2_000;

/**
 * last_used_at, written off the request path (ARCHITECTURE.md step 7): validations note the time in memory and
 * one UPDATE a few seconds later carries every key used since. The contract allows the lag.
 */
@Injectable()
export class LastUsedRecorder implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(LastUsedRecorder.name);
  private pending = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly keys: KeysRepository) {}

  record(keyId: string, atMs: number): void {
    this.pending.set(keyId, atMs);
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.pending.size) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.keys.touchLastUsed([...batch].map(([id, at]) => ({ id, at: new Date(at) })));
    } catch (err) {
      // Keep the times for the next round unless newer ones arrived meanwhile.
      for (const [id, at] of batch) if (!this.pending.has(id)) this.pending.set(id, at);
      this.logger.warn({ err: (err as Error).message, keys: batch.size }, 'last_used_at update failed; will retry');
    }
  }
}
