import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { PERIOD_PATTERN } from '../reports/period';

export class StatsQuery {
  @ApiPropertyOptional({
    description: 'Month in UTC, YYYY-MM; default the current month',
    example: '2026-11',
    pattern: PERIOD_PATTERN.source,
  })
  @IsOptional()
  @IsString()
  @Matches(PERIOD_PATTERN, { message: 'period must be a month written YYYY-MM' })
  period?: string;
}
