import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class KeyIdParam {
  @ApiProperty({ format: 'uuid', description: 'Id of the API key' })
  @IsUUID('all')
  key_id!: string;
}
