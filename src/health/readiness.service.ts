import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { RawBodyHttpException } from '../common/errors/raw-body.exception';
import { RedisHealthIndicator } from './redis.health';
import { ReadinessResponse } from './dto/readiness.response';

const CHECK_TIMEOUT_MS = 1000;

/** /ready per CONTRACT.md: database down is 503; Redis down (served from memory) is 200 "degraded". */
@Injectable()
export class ReadinessService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  async check(): Promise<ReadinessResponse> {
    try {
      return toBody(await this.run(), 'ready');
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      const body = toBody(err.getResponse() as HealthCheckResult, 'not ready');
      throw new RawBodyHttpException({ ...body }, 503);
    }
  }

  private run(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: CHECK_TIMEOUT_MS }),
      () => this.redis.check('redis', CHECK_TIMEOUT_MS),
    ]);
  }
}

function toBody(result: HealthCheckResult, okStatus: 'ready' | 'not ready'): ReadinessResponse {
  const up = (key: string) => result.details?.[key]?.status === 'up';
  const checks = { database: up('database'), redis: up('redis') };
  const status = okStatus === 'ready' && !checks.redis ? 'degraded' : okStatus;
  return { status, checks };
}
