import { ApiProperty } from '@nestjs/swagger';

class CacheCounts {
  @ApiProperty({ type: 'integer', description: 'Verification cache hits since start, memory and Redis tiers summed' })
  hits!: number;
  @ApiProperty({ type: 'integer', description: 'Verification cache misses since start, memory and Redis tiers summed' })
  misses!: number;
}

class UsageCounts {
  @ApiProperty({ type: 'integer', description: 'events waiting for the next group commit' }) buffered!: number;
  @ApiProperty({ type: 'integer', description: 'events committed since start' }) flushed!: number;
}

export class MetricsResponse {
  @ApiProperty({ type: 'integer', description: 'HTTP requests served since start' }) requests!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { valid: 10, invalid_key: 2 },
    description: 'Key validations since start, by outcome',
  })
  validations!: Record<string, number>;
  @ApiProperty({ type: CacheCounts }) cache!: CacheCounts;
  @ApiProperty({ type: 'integer', description: 'bcrypt compares performed since start' }) bcrypt_compares!: number;
  @ApiProperty({ type: UsageCounts }) usage_events!: UsageCounts;
  @ApiProperty({ description: 'true while Redis is unreachable and counters are served from memory' })
  degraded!: boolean;
}
