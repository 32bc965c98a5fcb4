import { ApiProperty } from '@nestjs/swagger';

export class EndpointCount {
  @ApiProperty({ example: '/api/v1/models/predict' }) endpoint!: string;
  @ApiProperty({ type: 'integer', example: 900 }) count!: number;
}

export class UsageStatsResponse {
  @ApiProperty({ format: 'uuid' }) key_id!: string;
  @ApiProperty({ example: '2026-11' }) period!: string;
  @ApiProperty({ type: 'integer', example: 1200 }) total_requests!: number;
  @ApiProperty({ type: 'integer', example: 5400 }) total_predictions!: number;
  @ApiProperty({ type: 'integer', example: 81000 }) total_compute_ms!: number;
  @ApiProperty({
    example: 42.5,
    description: 'Over events with a known status (status_code != 0), rounded to 2 decimals; 0 when none',
  })
  average_response_time_ms!: number;
  @ApiProperty({
    example: 0.02,
    description: 'Share of events with status >= 400 among those with a known status; 0 when none',
  })
  error_rate!: number;
  @ApiProperty({ type: [EndpointCount], description: 'At most 10, by count descending, then endpoint ascending' })
  top_endpoints!: EndpointCount[];
}
