import { ApiProperty } from '@nestjs/swagger';

/** The totals every usage report gives for its unit (a service's day, a series bucket). */
export class UsageTotals {
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
