import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { queryInt } from '../../common/request-rules/query-transforms';
import { SafeText } from '../../common/request-rules/safe-text.decorator';
import { AUDIT_ACTIONS, type AuditAction } from '../audit-event.entity';

export class ListAuditQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only events about this key' })
  @IsOptional()
  @IsUUID('all')
  key_id?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS, description: 'Only events of this action' })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  @ApiPropertyOptional({ description: 'Only events at or after this timestamp', example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @SafeText(1, 40)
  since?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 500,
    default: 100,
    description: 'Most events to return',
  })
  @IsOptional()
  @Transform(queryInt)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'next_cursor of the previous page' })
  @IsOptional()
  @SafeText(1, 200)
  cursor?: string;
}
