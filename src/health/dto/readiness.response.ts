import { ApiProperty } from '@nestjs/swagger';

export class ReadinessChecks {
  @ApiProperty({ example: true, description: 'false while the database is unreachable' }) database!: boolean;
  @ApiProperty({ example: true, description: 'false while Redis is unreachable and the service serves from memory' })
  redis!: boolean;
}

export class ReadinessResponse {
  @ApiProperty({
    enum: ['ready', 'degraded', 'not ready'],
    example: 'ready',
    description: 'ready; degraded: served from memory without Redis; not ready (503): the database is down',
  })
  status!: 'ready' | 'degraded' | 'not ready';
  @ApiProperty({ type: ReadinessChecks }) checks!: ReadinessChecks;
}
