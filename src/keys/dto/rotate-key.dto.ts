import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Optional body of POST /api/v1/keys/{key_id}/rotate (ours). */
export class RotateKeyDto {
  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    description: 'Hours the old key stays valid; default ROTATION_GRACE_HOURS (0: revoked at once)',
    minimum: 0,
    maximum: 168,
    example: 24,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(168)
  grace_period_hours?: number | null;
}
