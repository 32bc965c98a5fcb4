import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { MetricsService } from '../../common/metrics/metrics.service';
import { AppConfig } from '../../config/app-config';
import { BackPressureException } from './back-pressure.exception';
import { EventOutcome, PendingEvent } from './pending-event';
import { CommitResult, UsageBatchCommitter } from './usage-batch-committer';

/** Most events one flush carries; a request's events always travel in one flush. */
export const MAX_EVENTS_PER_FLUSH = 2000;
const MAX_ATTEMPTS = 3;
// Errors after which PostgreSQL has certainly rolled the transaction back, so running it again is safe.
const RETRYABLE = new Set(['40001', '40P01']);

interface Entry {
  events: PendingEvent[];
  resolve: (outcomes: EventOutcome[]) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit (ARCHITECTURE.md "Storage"): requests append their events and wait; one flush at a time takes
 * everything queued (up to MAX_EVENTS_PER_FLUSH) into one transaction, and each request is answered only when the
 * flush carrying its events has committed. Idle, an event is flushed on the next turn of the event loop; busy,
 * events pile up while the previous flush runs, so batches grow with load. One flush at a time on purpose: with
 * two or four in flight, the bench measured less throughput (smaller transactions queueing on the same counter
 * row). Bounded: past USAGE_BUFFER_MAX_EVENTS waiting events, and while draining for shutdown, requests get 503
 * instead of growing memory or being dropped.
 */
@Injectable()
export class UsageBuffer implements BeforeApplicationShutdown {
  private readonly logger = new Logger('UsageBuffer');
  private readonly capacity: number;
  private queue: Entry[] = [];
  private waiting = 0;
  private running: Promise<void> | undefined;
  private scheduled = false;
  private draining = false;

  constructor(
    private readonly committer: UsageBatchCommitter,
    private readonly metrics: MetricsService,
    config: AppConfig,
  ) {
    this.capacity = config.usageBufferMaxEvents;
  }

  submit(events: PendingEvent[]): Promise<EventOutcome[]> {
    if (this.draining || this.waiting + events.length > this.capacity)
      return Promise.reject(new BackPressureException());
    this.count(events.length);
    const answered = new Promise<EventOutcome[]>((resolve, reject) => this.queue.push({ events, resolve, reject }));
    this.schedule();
    return answered;
  }

  /** Refuses new events and returns once everything accepted so far is committed (or answered 503). */
  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    while (this.running || this.scheduled || this.queue.length) {
      await (this.running ?? new Promise<void>((resolve) => setImmediate(resolve)));
    }
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    // setImmediate, not a microtask: requests whose bytes arrived in the same I/O turn join this flush.
    setImmediate(() => {
      this.scheduled = false;
      this.running = this.flushAll().finally(() => {
        this.running = undefined;
        if (this.queue.length) this.schedule();
      });
    });
  }

  private async flushAll(): Promise<void> {
    while (this.queue.length) await this.flush(this.take());
  }

  private take(): Entry[] {
    let n = 0;
    let events = 0;
    while (n < this.queue.length && (n === 0 || events + this.queue[n].events.length <= MAX_EVENTS_PER_FLUSH)) {
      events += this.queue[n].events.length;
      n++;
    }
    return this.queue.splice(0, n);
  }

  private async flush(batch: Entry[]): Promise<void> {
    const events = batch.flatMap((e) => e.events);
    this.metrics.usageFlushEvents.observe(events.length);
    const timed = this.metrics.usageFlushDuration.startTimer();
    try {
      const { outcomes, inserted } = await this.commitWithRetry(events);
      this.metrics.usageFlushed.inc(inserted);
      let at = 0;
      for (const entry of batch) {
        entry.resolve(outcomes.slice(at, at + entry.events.length));
        at += entry.events.length;
      }
    } catch (err) {
      this.logger.error({ err, events: events.length }, 'Usage flush failed; its requests are answered 503');
      for (const entry of batch) entry.reject(new BackPressureException());
    } finally {
      timed();
      this.count(-events.length);
    }
  }

  private async commitWithRetry(events: PendingEvent[]): Promise<CommitResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.committer.commit(events);
      } catch (err) {
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has(String((err as { code?: unknown }).code))) throw err;
        await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
      }
    }
  }

  private count(delta: number): void {
    this.waiting += delta;
    this.metrics.usageBuffered.set(this.waiting);
  }
}
