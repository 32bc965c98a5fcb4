import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ENVIRONMENTS, type Environment } from '../../common/keys/key-format';
import { SafeText } from '../../common/request-rules/safe-text.decorator';
import { SERVICES, type ServiceId } from '../../common/services/services';
import { IsAllowlist } from './allowlist-entry.rule';
import { IsExpiresAt, MAX_EXPIRY_DAYS } from './expires-at.rule';

export const MAX_INT32 = 2_147_483_647;

/** POST /api/v1/keys (CONTRACT.md "create"). A field sent as null means the same as leaving it out. */
export class CreateKeyDto {
  @ApiProperty({ description: 'Human name of the key', example: 'prediction worker', minLength: 1, maxLength: 100 })
  @SafeText(1, 100)
  name!: string;

  @ApiProperty({ enum: SERVICES, example: 'platform', description: 'Service the key is valid for' })
  @IsIn(SERVICES)
  service_id!: ServiceId;

  @ApiPropertyOptional({
    type: [String],
    default: [],
    maxItems: 50,
    example: ['model:read'],
    description: 'Scopes granted (1 to 100 characters each); none: anything within the service',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @SafeText(1, 100, { each: true })
  scopes?: string[] | null;

  @ApiPropertyOptional({
    enum: ENVIRONMENTS,
    default: 'production',
    description: 'Environment; decides the key prefix (hk_live_, hk_test_, hk_dev_)',
  })
  @IsOptional()
  @IsIn(ENVIRONMENTS)
  environment?: Environment | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    description: 'Days until the key expires; null: never',
    minimum: 1,
    maximum: MAX_EXPIRY_DAYS,
    example: 90,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_EXPIRY_DAYS)
  expires_in_days?: number | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'A future timestamp at most 365 days ahead, or the original CLI form `<timestamp>+<N>d`; not with expires_in_days',
    example: '2027-01-31T00:00:00+00:00',
  })
  @IsOptional()
  @IsExpiresAt()
  expires_at?: string | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    default: 1000,
    minimum: 10,
    maximum: 100000,
    description: 'Successful validations allowed per UTC clock hour',
  })
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(100000)
  rate_limit_per_hour?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    description: 'Optional burst limit per second (ours)',
    minimum: 1,
    maximum: 100000,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  burst_limit_per_second?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    description: 'Predictions per month; null: unlimited',
    minimum: 0,
    maximum: MAX_INT32,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_INT32)
  monthly_prediction_limit?: number | null;

  @ApiPropertyOptional({
    type: [String],
    default: [],
    maxItems: 100,
    example: ['203.0.113.7', '10.0.0.0/8', '2001:db8::/32'],
    description: 'Client addresses allowed to validate the key (IPv4, IPv6 or CIDR); none: unrestricted',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsAllowlist()
  allowed_ips?: string[] | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    default: 'free',
    minLength: 1,
    maxLength: 50,
    description: 'Billing plan; on free the monthly prediction limit is enforced by debit',
  })
  @IsOptional()
  @SafeText(1, 50)
  billing_plan?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Owner of the key (ours)',
    default: 'admin',
    minLength: 1,
    maxLength: 255,
  })
  @IsOptional()
  @SafeText(1, 255)
  user_id?: string | null;
}
