import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { KeyIdParam } from '../keys';
import { AggregateQuery } from './dto/aggregate.query';
import { AggregateResponse, ServiceDayUsage } from './dto/aggregate.response';
import { SeriesQuery } from './dto/series.query';
import { SeriesResponse } from './dto/series.response';
import { StatsQuery } from './dto/stats.query';
import { UsageBatchDto } from './dto/usage-batch.dto';
import { UsageEventDto } from './dto/usage-event.dto';
import { UsageStatsResponse } from './dto/usage-stats.response';
import { BatchRecordedResponse, UsageRecordedResponse } from './dto/usage.response';
import { IngestionRoute } from './ingest/ingestion-route.decorator';
import { UsageAggregateService } from './reports/usage-aggregate.service';
import { UsageIngestService } from './ingest/usage-ingest.service';
import { UsageSeriesService } from './reports/usage-series.service';
import { UsageStatsService } from './reports/usage-stats.service';

@ApiTags('usage')
@ApiExtraModels(ServiceDayUsage)
@Controller('api/v1/usage')
export class UsageController {
  constructor(
    private readonly ingest: UsageIngestService,
    private readonly stats: UsageStatsService,
    private readonly aggregates: UsageAggregateService,
    private readonly seriesOf: UsageSeriesService,
  ) {}

  // Declared before ':key_id' so Express matches the literal segment first.
  @Post('batch')
  @IngestionRoute()
  @ApiOperation({ summary: 'Record 1 to 1000 events (ours); all or nothing, answered once stored' })
  @ApiOkResponse({ type: BatchRecordedResponse })
  recordBatch(@Body() body: UsageBatchDto): Promise<BatchRecordedResponse> {
    return this.ingest.recordBatch(body.events);
  }

  @Get('aggregate')
  @ApiOperation({ summary: 'Usage of all keys by UTC date and service between start_date and end_date (inclusive)' })
  @ApiOkResponse({ type: AggregateResponse })
  @ApiUnprocessableEntityResponse({ description: 'Malformed or reversed dates (a range of any length is accepted)' })
  aggregate(@Query() query: AggregateQuery): Promise<AggregateResponse> {
    return this.aggregates.aggregate(query);
  }

  @Post(':key_id')
  @IngestionRoute()
  @ApiOperation({ summary: 'Record one usage event; answered once it is stored (group commit)' })
  @ApiOkResponse({ type: UsageRecordedResponse })
  record(@Param() { key_id }: KeyIdParam, @Body() body: UsageEventDto): Promise<UsageRecordedResponse> {
    return this.ingest.record(key_id, body);
  }

  @Get(':key_id/stats')
  @ApiOperation({ summary: "A key's usage in one UTC month (default the current one)" })
  @ApiOkResponse({ type: UsageStatsResponse })
  @ApiNotFoundResponse({ description: '{"detail": "API key not found"}' })
  @ApiUnprocessableEntityResponse({ description: 'key_id not a UUID, or period not YYYY-MM' })
  keyStats(@Param() { key_id }: KeyIdParam, @Query() query: StatsQuery): Promise<UsageStatsResponse> {
    return this.stats.stats(key_id, query.period);
  }

  @Get(':key_id/series')
  @ApiOperation({
    summary: "A key's usage per UTC hour or day between start_date and end_date (default the last 7 days), for charts",
  })
  @ApiOkResponse({ type: SeriesResponse })
  @ApiNotFoundResponse({ description: '{"detail": "API key not found"}' })
  @ApiUnprocessableEntityResponse({
    description: 'key_id not a UUID, malformed or reversed dates, unknown bucket, more than 2,000 points',
  })
  keySeries(@Param() { key_id }: KeyIdParam, @Query() query: SeriesQuery): Promise<SeriesResponse> {
    return this.seriesOf.series(key_id, query);
  }
}
