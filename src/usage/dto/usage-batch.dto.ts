import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, IsUUID, ValidateNested } from 'class-validator';
import { UsageEventDto } from './usage-event.dto';

export const MAX_BATCH_EVENTS = 1000;

export class UsageBatchEventDto extends UsageEventDto {
  @ApiProperty({ format: 'uuid', description: 'Key the event is recorded for' })
  @IsUUID('all')
  key_id!: string;
}

/** POST /api/v1/usage/batch (ours): all-or-nothing, a violation names the event's index in `loc`. */
export class UsageBatchDto {
  @ApiProperty({
    type: [UsageBatchEventDto],
    minItems: 1,
    maxItems: MAX_BATCH_EVENTS,
    description: 'Events to record, each naming its key',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_EVENTS)
  @Type(() => UsageBatchEventDto)
  // ValidateNested walks into nested arrays, so `[[event]]` would pass it and reach the service: each must be an object.
  @IsObject({ each: true, message: 'each entry of events must be an event object' })
  @ValidateNested({ each: true })
  events!: UsageBatchEventDto[];
}
