import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StoreModule } from '../common/store/store.module';
import { ClockModule } from '../common/time/clock.module';
import { ReportsDatabaseModule } from '../database/reports-database.module';
import { KeysModule } from '../keys';
import { UsageEventEntity } from './entities/usage-event.entity';
import { UsageHourlyEntity } from './entities/usage-hourly.entity';
import { UsageMonthlyEntity } from './entities/usage-monthly.entity';
import { IngestRateLimitGuard } from './ingest/ingest-rate-limit.guard';
import { IngestRateLimiter } from './ingest/ingest-rate-limiter.service';
import { UsageAuthGuard } from './ingest/usage-auth.guard';
import { UsageBatchCommitter } from './ingest/usage-batch-committer';
import { UsageBuffer } from './ingest/usage-buffer';
import { UsageIngestService } from './ingest/usage-ingest.service';
import { UsageRepository } from './ingest/usage.repository';
import { KnownKeysService } from './known-keys.service';
import { UsageAggregateService } from './reports/usage-aggregate.service';
import { UsageReportRepository } from './reports/usage-report.repository';
import { UsageStatsService } from './reports/usage-stats.service';
import { UsageSeriesService } from './reports/usage-series.service';
import { UsageController } from './usage.controller';
import { UsageFacade } from './usage.facade';

/**
 * usage_events ingest (group commit) and the reports read from its rollups (ARCHITECTURE.md "Modules"). Exports
 * UsageFacade for billing, and IngestRateLimiter because billing's debit route is an IngestionRoute too: Nest
 * builds a route's guards in the controller's module, so their dependencies must be visible there.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([UsageEventEntity, UsageHourlyEntity, UsageMonthlyEntity]),
    KeysModule,
    ReportsDatabaseModule,
    StoreModule,
    ClockModule,
  ],
  controllers: [UsageController],
  providers: [
    KnownKeysService,
    UsageRepository,
    UsageReportRepository,
    UsageBatchCommitter,
    UsageBuffer,
    UsageIngestService,
    UsageStatsService,
    UsageAggregateService,
    UsageSeriesService,
    UsageFacade,
    IngestRateLimiter,
    IngestRateLimitGuard,
    UsageAuthGuard,
  ],
  exports: [UsageFacade, IngestRateLimiter],
})
export class UsageModule {}
