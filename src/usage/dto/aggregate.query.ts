import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import { SafeText } from '../../common/request-rules/safe-text.decorator';
import { parseReportInstant } from '../reports/report-range';

const IsReportInstant = () =>
  ValidateBy({
    name: 'reportInstant',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && parseReportInstant(v, 'start') !== null,
      defaultMessage: () => '$property must be a timestamp (ISO 8601) or a date (YYYY-MM-DD)',
    },
  });

export class AggregateQuery {
  @ApiPropertyOptional({ description: 'Only this service', example: 'platform', minLength: 1, maxLength: 64 })
  @IsOptional()
  @SafeText(1, 64)
  service_id?: string;

  @ApiPropertyOptional({
    description: 'Timestamp or date (UTC when no offset); default 30 days before end_date',
    example: '2026-11-01',
  })
  @IsOptional()
  @IsReportInstant()
  start_date?: string;

  @ApiPropertyOptional({
    description: 'Timestamp or date, inclusive (a date means its whole day); default now',
    example: '2026-11-24T23:59:59Z',
  })
  @IsOptional()
  @IsReportInstant()
  end_date?: string;
}
