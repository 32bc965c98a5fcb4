import { ApiProperty } from '@nestjs/swagger';
import { SERIES_BUCKETS, type SeriesBucket } from '../reports/series-buckets';

export class SeriesPointResponse {
  @ApiProperty({ example: '2026-11-24T10:00:00.000+00:00', description: 'Start of the UTC hour or day' })
  start!: string;
  @ApiProperty({ type: 'integer', example: 120, description: 'Requests recorded in the bucket (one per usage event)' })
  requests!: number;
  @ApiProperty({ type: 'integer', example: 480, description: 'Predictions made in the bucket' }) predictions!: number;
  @ApiProperty({ type: 'integer', example: 5400, description: 'Compute time in milliseconds' }) compute_ms!: number;
  @ApiProperty({
    type: 'integer',
    example: 3,
    description: 'Events with status 400 or above (status 0 is unknown, not an error)',
  })
  errors!: number;
  @ApiProperty({
    type: 'number',
    example: 31.2,
    description: 'Average response time in milliseconds over events with a known status, 2 decimals; 0 when none',
  })
  avg_response_time_ms!: number;
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
