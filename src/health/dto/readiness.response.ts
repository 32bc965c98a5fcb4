import { ApiProperty } from '@nestjs/swagger';

export class ReadinessChecks {
  @ApiProperty({ example: true }) database!: boolean;
  @ApiProperty({ example: true, description: 'false while Redis is unreachable and the service serves from memory' })
  redis!: boolean;
}

export class ReadinessResponse {
  @ApiProperty({ enum: ['ready', 'degraded', 'not ready'], example: 'ready' })
  status!: 'ready' | 'degraded' | 'not ready';
  @ApiProperty({ type: ReadinessChecks }) checks!: ReadinessChecks;
}
