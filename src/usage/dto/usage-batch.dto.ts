import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID, ValidateNested } from 'class-validator';
import { UsageEventDto } from './usage-event.dto';

export const MAX_BATCH_EVENTS = 1000;

export class UsageBatchEventDto extends UsageEventDto {
  @ApiProperty({ format: 'uuid', description: 'Key the event is recorded for' })
  @IsUUID('all')
  key_id!: string;
}

/** POST /api/v1/usage/batch (ours): all-or-nothing, a violation names the event's index in `loc`. */
export class UsageBatchDto {
  @ApiProperty({ type: [UsageBatchEventDto], minItems: 1, maxItems: MAX_BATCH_EVENTS })
  @ValidateNested({ each: true })
  @Type(() => UsageBatchEventDto)
  @ArrayMaxSize(MAX_BATCH_EVENTS)
  @ArrayMinSize(1)
  @IsArray()
  events!: UsageBatchEventDto[];
}
