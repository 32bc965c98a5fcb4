import { ApiProperty } from '@nestjs/swagger';

export class DebitResponse {
  @ApiProperty({ example: 'accepted', enum: ['accepted'], description: 'The event was recorded' })
  status!: 'accepted';
  @ApiProperty({ format: 'uuid', description: 'Id of the key debited' }) key_id!: string;
  @ApiProperty({ type: 'integer', example: 42, description: "The month's predictions including this event" })
  predictions_this_month!: number;
  @ApiProperty({
    example: 1000,
    nullable: true,
    type: 'integer',
    description: "The key's predictions allowed per month; null: unlimited",
  })
  monthly_prediction_limit!: number | null;
}

class LimitExceeded {
  @ApiProperty({ example: 'monthly_limit_exceeded', description: 'Machine-readable reason' }) error!: string;
  @ApiProperty({
    example: 'Monthly prediction limit of 1000 reached: 998 used this month, this request needs 5 more',
    description: 'Human sentence naming the limit and the usage',
  })
  message!: string;
}

export class LimitExceededResponse {
  @ApiProperty({ type: LimitExceeded }) detail!: LimitExceeded;
}
