import { performance } from 'node:perf_hooks';

/**
 * Whether this replica may trust its cached key snapshots (ARCHITECTURE.md "The validation hot path"). A lease
 * grows only from this replica's own heartbeat heard back through the invalidation channel: Redis delivers a
 * channel's messages in order, so hearing a heartbeat sent at T proves that every invalidation published before T
 * reached this replica. The lease ends `durationMs` after the send time of the last heartbeat heard, and at once
 * when the subscription drops. Time is the process's monotonic clock: a writer waiting out the lease measures the
 * same span on its own clock, so no two clocks are ever compared.
 */
export class CacheLease {
  private until = 0;

  constructor(
    readonly durationMs: number,
    /** Called when the lease is regained after any gap: snapshots kept meanwhile may have missed an invalidation. */
    private readonly onRegained: () => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The hot path's whole cost of the lease: one clock read and a compare. */
  get held(): boolean {
    return this.now() < this.until;
  }

  /** This replica's heartbeat, sent at `sentAt` (this clock), came back through the channel. */
  heard(sentAt: number): void {
    const until = sentAt + this.durationMs;
    const now = this.now();
    if (until <= now) return;
    if (now >= this.until) this.onRegained();
    this.until = Math.max(this.until, until);
  }

  /** The subscription dropped: messages may be lost from now on. */
  lose(): void {
    this.until = 0;
  }
}
