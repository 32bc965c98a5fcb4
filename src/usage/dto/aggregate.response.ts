import { ApiProperty } from '@nestjs/swagger';

export class ServiceDayUsage {
  @ApiProperty({ type: 'integer', example: 10, description: 'Requests recorded (one per usage event)' })
  requests!: number;
  @ApiProperty({ type: 'integer', example: 40, description: 'Predictions made' }) predictions!: number;
  @ApiProperty({ type: 'integer', example: 900, description: 'Compute time in milliseconds' }) compute_ms!: number;
  @ApiProperty({
    type: 'number',
    example: 31.2,
    description: 'Average response time in milliseconds over events with a known status, 2 decimals; 0 when none',
  })
  avg_response_time_ms!: number;
}

export class AggregateResponse {
  @ApiProperty({ example: '2026-10-25T10:15:30.123+00:00', description: 'Start of the range (UTC)' })
  start_date!: string;
  @ApiProperty({ example: '2026-11-24T10:15:30.123+00:00', description: 'End of the range, inclusive (UTC)' })
  end_date!: string;
  @ApiProperty({
    description: 'UTC date (YYYY-MM-DD) -> service_id -> totals',
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { $ref: '#/components/schemas/ServiceDayUsage' } },
    example: {
      '2026-11-24': { platform: { requests: 10, predictions: 40, compute_ms: 900, avg_response_time_ms: 31.2 } },
    },
  })
  usage_by_date!: Record<string, Record<string, ServiceDayUsage>>;
}
