import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';
import { SafeText } from '../../common/request-rules/safe-text.decorator';

/** The largest amount a usage_events integer column holds. */
export const MAX_AMOUNT = 2_147_483_647;

// 0 means "not known yet" (the middleware debits before its handler runs); anything else is an HTTP status.
const IsStatusCode = () =>
  ValidateBy({
    name: 'statusCode',
    validator: {
      validate: (v: unknown) => typeof v === 'number' && (v === 0 || (v >= 100 && v <= 599)),
      defaultMessage: () => 'status_code must be 0 or between 100 and 599',
    },
  });

/** One usage event as the platform middleware sends it (CONTRACT.md "record one event"). */
export class UsageEventDto {
  @ApiProperty({ description: 'Service that handled the call', example: 'platform', minLength: 1, maxLength: 64 })
  @SafeText(1, 64)
  service_id!: string;

  @ApiProperty({
    description: 'Endpoint that was called',
    example: '/api/v1/models/predict',
    minLength: 1,
    maxLength: 512,
  })
  @SafeText(1, 512)
  endpoint!: string;

  @ApiProperty({
    type: 'integer',
    description: 'HTTP status of the call (100 to 599); 0 when not known yet',
    example: 200,
    minimum: 0,
    maximum: 599,
  })
  @IsInt()
  @IsStatusCode()
  status_code!: number;

  @ApiProperty({
    type: 'integer',
    description: 'Response time in milliseconds',
    example: 42,
    minimum: 0,
    maximum: MAX_AMOUNT,
  })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT)
  response_time_ms!: number;

  @ApiPropertyOptional({
    type: 'integer',
    description: 'Predictions the call made',
    default: 0,
    minimum: 0,
    maximum: MAX_AMOUNT,
    nullable: true,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT)
  predictions_count?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    description: 'Compute time in milliseconds',
    default: 0,
    minimum: 0,
    maximum: MAX_AMOUNT,
    nullable: true,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT)
  compute_ms?: number | null;

  @ApiPropertyOptional({
    type: String,
    description: 'Model that served the call (ours)',
    example: 'sentiment-v2',
    maxLength: 255,
    nullable: true,
  })
  @IsOptional()
  @SafeText(0, 255)
  model_id?: string | null;

  @ApiPropertyOptional({
    type: String,
    description: 'Per key: a repeat is acknowledged and not counted twice (ours); empty means none',
    example: 'req-7f3a9c',
    maxLength: 255,
    nullable: true,
  })
  @IsOptional()
  @SafeText(0, 255)
  idempotency_key?: string | null;
}
