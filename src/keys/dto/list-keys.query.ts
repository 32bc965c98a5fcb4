import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { queryBoolean, queryInt } from '../../common/request-rules/query-transforms';
import { SafeText } from '../../common/request-rules/safe-text.decorator';
import { SERVICES, type ServiceId } from '../../common/services/services';

export class ListKeysQuery {
  @ApiPropertyOptional({ enum: SERVICES, description: 'Only keys of this service' })
  @IsOptional()
  @IsIn(SERVICES)
  service_id?: ServiceId;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'Only keys neither revoked nor expired; true/false, yes/no, on/off, t/f, y/n, 1/0',
  })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  active_only?: boolean;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 365,
    description: 'Active keys whose expires_at falls within this many days (ours)',
  })
  @IsOptional()
  @Transform(queryInt)
  @IsInt()
  @Min(1)
  @Max(365)
  expiring_within_days?: number;

  @ApiPropertyOptional({ description: 'Owner filter (ours)' })
  @IsOptional()
  @SafeText(1, 255)
  user_id?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 1000,
    default: 1000,
    description: 'Most keys to return; when more remain, Link and X-Next-Cursor point to the next page (ours)',
  })
  @IsOptional()
  @Transform(queryInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from X-Next-Cursor (ours)' })
  @IsOptional()
  @SafeText(1, 200)
  cursor?: string;
}
