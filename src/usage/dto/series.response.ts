import { ApiProperty } from '@nestjs/swagger';
import { SERIES_BUCKETS, type SeriesBucket } from '../reports/series-buckets';
import { UsageTotals } from './usage-totals.response';

/** One bucket of the series: its start, the usage totals in it, and its errors. */
export class SeriesPointResponse extends UsageTotals {
  @ApiProperty({ example: '2026-11-24T10:00:00.000+00:00', description: 'Start of the UTC hour or day' })
  start!: string;
  @ApiProperty({
    type: 'integer',
    example: 3,
    description: 'Events with status 400 or above (status 0 is unknown, not an error)',
  })
  errors!: number;
}

export class SeriesResponse {
  @ApiProperty({ format: 'uuid', description: 'Id of the key' }) key_id!: string;
  @ApiProperty({ enum: SERIES_BUCKETS, description: 'Size of each point: one UTC hour or day' }) bucket!: SeriesBucket;
  @ApiProperty({ example: '2026-11-17T10:15:30.123+00:00', description: 'Start of the range (UTC)' })
  start_date!: string;
  @ApiProperty({ example: '2026-11-24T10:15:30.123+00:00', description: 'End of the range, inclusive (UTC)' })
  end_date!: string;
  @ApiProperty({
    type: [SeriesPointResponse],
    description: 'One point per bucket in the range, oldest first, zeros where there was no usage',
  })
  points!: SeriesPointResponse[];
}
