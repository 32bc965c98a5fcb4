import { ApiProperty } from '@nestjs/swagger';

class CacheCounts {
  @ApiProperty() hits!: number;
  @ApiProperty() misses!: number;
}

class UsageCounts {
  @ApiProperty({ description: 'events waiting for the next group commit' }) buffered!: number;
  @ApiProperty({ description: 'events committed since start' }) flushed!: number;
}

export class MetricsResponse {
  @ApiProperty({ description: 'HTTP requests served since start' }) requests!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { valid: 10, invalid_key: 2 } })
  validations!: Record<string, number>;
  @ApiProperty({ type: CacheCounts }) cache!: CacheCounts;
  @ApiProperty() bcrypt_compares!: number;
  @ApiProperty({ type: UsageCounts }) usage_events!: UsageCounts;
  @ApiProperty({ description: 'true while Redis is unreachable and counters are served from memory' })
  degraded!: boolean;
}
