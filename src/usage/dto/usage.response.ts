import { ApiProperty } from '@nestjs/swagger';

export class UsageRecordedResponse {
  @ApiProperty({ example: 'Usage recorded successfully', description: 'Confirmation, sent once the event is stored' })
  message!: string;
}

export class BatchRecordedResponse {
  @ApiProperty({ type: 'integer', description: 'Events stored by this request' }) accepted!: number;
  @ApiProperty({
    type: 'integer',
    description: 'Events whose idempotency key was already stored (acknowledged, not counted)',
  })
  duplicates!: number;
}
