import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReportsDatabaseModule } from '../database/reports-database.module';
import { KeysModule } from '../keys/keys.module';
import { IngestRateLimitGuard } from './ingest-rate-limit.guard';
import { IngestRateLimiter } from './ingest-rate-limiter.service';
import { KnownKeysService } from './known-keys.service';
import { RetryAfterInterceptor } from './retry-after.interceptor';
import { UsageAggregateService } from './usage-aggregate.service';
import { UsageSeriesService } from './usage-series.service';
import { UsageAuthGuard } from './usage-auth.guard';
import { UsageBatchCommitter } from './usage-batch-committer';
import { UsageBuffer } from './usage-buffer';
import { UsageClock } from './usage-clock';
import { UsageEventEntity } from './usage-event.entity';
import { UsageHourlyEntity } from './usage-hourly.entity';
import { UsageIngestService } from './usage-ingest.service';
import { UsageMonthlyEntity } from './usage-monthly.entity';
import { UsageReportRepository } from './usage-report.repository';
import { UsageStatsService } from './usage-stats.service';
import { UsageController } from './usage.controller';
import { UsageRepository } from './usage.repository';

/** usage_events ingest (group commit) and the reports read from its rollups (ARCHITECTURE.md "Modules"). */
@Module({
  imports: [TypeOrmModule.forFeature([UsageEventEntity, UsageHourlyEntity, UsageMonthlyEntity]), KeysModule, ReportsDatabaseModule],
  controllers: [UsageController],
  providers: [
    UsageClock,
    KnownKeysService,
    UsageRepository,
    UsageReportRepository,
    UsageBatchCommitter,
    UsageBuffer,
    UsageIngestService,
    UsageStatsService,
    UsageAggregateService,
    UsageSeriesService,
    IngestRateLimiter,
    IngestRateLimitGuard,
    UsageAuthGuard,
    RetryAfterInterceptor,
  ],
  exports: [UsageClock, KnownKeysService, UsageBuffer, UsageStatsService, IngestRateLimiter, IngestRateLimitGuard, UsageAuthGuard, RetryAfterInterceptor],
})
export class UsageModule {}
