import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Store } from '../common/store/store.port';

/** Redis reachable: up; configured but unreachable (served from memory): degraded, which keeps /ready at 200. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly store: Store,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async check(key: 'redis', timeoutMs: number) {
    const session = this.indicator.check(key);
    return (await this.store.ping(timeoutMs)) ? session.up() : session.degraded({ message: 'serving from memory' });
  }
}
