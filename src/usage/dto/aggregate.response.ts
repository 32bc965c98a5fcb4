import { ApiProperty } from '@nestjs/swagger';
import { UsageTotals } from './usage-totals.response';

/** One service's totals on one UTC date. */
export class ServiceDayUsage extends UsageTotals {}

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
