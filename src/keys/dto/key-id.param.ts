import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class KeyIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  key_id!: string;
}
