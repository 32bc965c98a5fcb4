import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { SERIES_BUCKETS, type SeriesBucket } from '../reports/series-buckets';
import { AggregateQuery } from './aggregate.query';

/** The aggregate's range (default the last 7 days here), and the bucket size. */
export class SeriesQuery extends OmitType(AggregateQuery, ['service_id'] as const) {
  // Redeclared for its documented default only; the validation rules are the aggregate's.
  @ApiPropertyOptional({ description: 'Timestamp or date (UTC when no offset); default 7 days before end_date' })
  override start_date?: string;

  @ApiPropertyOptional({
    enum: SERIES_BUCKETS,
    default: 'hour',
    description: 'One point per UTC hour or day; at most 2,000 points',
  })
  @IsIn(SERIES_BUCKETS)
  @IsOptional()
  bucket?: SeriesBucket;
}
