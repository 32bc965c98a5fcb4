import { ApiProperty } from '@nestjs/swagger';

export class EndpointCount {
  @ApiProperty({ example: '/api/v1/models/predict', description: 'Endpoint that was called' }) endpoint!: string;
  @ApiProperty({ type: 'integer', example: 900, description: 'Requests to this endpoint in the period' })
  count!: number;
}

export class UsageStatsResponse {
  @ApiProperty({ format: 'uuid', description: 'Id of the key' }) key_id!: string;
  @ApiProperty({ example: '2026-11', description: 'Month in UTC, YYYY-MM' }) period!: string;
  @ApiProperty({ type: 'integer', example: 1200, description: 'Requests recorded in the period (one per usage event)' })
  total_requests!: number;
  @ApiProperty({ type: 'integer', example: 5400, description: 'Predictions made in the period' })
  total_predictions!: number;
  @ApiProperty({ type: 'integer', example: 81000, description: 'Compute time in milliseconds in the period' })
  total_compute_ms!: number;
  @ApiProperty({
    type: 'number',
    example: 42.5,
    description:
      'Average response time in milliseconds over events with a known status (status_code != 0), 2 decimals; 0 when none',
  })
  average_response_time_ms!: number;
  @ApiProperty({
    type: 'number',
    example: 0.02,
    description: 'Share (0 to 1) of events with status >= 400 among those with a known status; 0 when none',
  })
  error_rate!: number;
  @ApiProperty({ type: [EndpointCount], description: 'At most 10, by count descending, then endpoint ascending' })
  top_endpoints!: EndpointCount[];
}
