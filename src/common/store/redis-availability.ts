import { Logger } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';

const PROBE_EVERY_MS = 250;

/**
 * Whether the command connection may be used. Any failure, a missed deadline included, marks Redis down at once;
 * only a PING answered in time brings it back, so a frozen server that still holds the TCP connection open is down
 * until it answers again. One log line per transition, never one per call.
 */
export class RedisAvailability {
  private readonly logger = new Logger('RedisStore');
  private down = false;
  private probe?: NodeJS.Timeout;
  private probing = false;
  private stopped = false;

  constructor(
    private readonly client: Redis | Cluster,
    /** Resolves true when Redis answered in time; on a cluster, every master (a dead one leaves slots unserved). */
    private readonly answers: () => Promise<boolean> = () => client.ping().then(() => true),
  ) {
    client.on('error', () => this.markDown());
    client.on('close', () => this.markDown());
    // A cluster reports a lost node here, while its own status can stay 'ready'.
    client.on('node error', () => this.markDown());
  }

  /** True while calls must go to the in-memory fallback. */
  get degraded(): boolean {
    return this.down || this.client.status !== 'ready';
  }

  markDown(): void {
    if (this.down || this.stopped) return;
    this.down = true;
    this.logger.warn(
      'Redis unreachable or past its deadline: serving counters and caches from memory until it answers',
    );
    this.probe = setInterval(() => this.tryRecover(), PROBE_EVERY_MS).unref();
  }

  /** At shutdown: the connection's closing is not an outage. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.probe);
  }

  private tryRecover(): void {
    if (this.probing || this.client.status !== 'ready') return;
    this.probing = true;
    this.answers()
      .then(
        (up) => up && this.markUp(),
        () => undefined,
      )
      .finally(() => (this.probing = false));
  }

  private markUp(): void {
    if (!this.down) return;
    this.down = false;
    clearInterval(this.probe);
    this.logger.log('Redis reachable again');
  }
}
