import { ApiProperty } from '@nestjs/swagger';
import { ENVIRONMENTS } from '../../common/keys/key-format';
import { SERVICES } from '../../common/services/services';

/** A successful validation (CONTRACT.md "Validation", 200). Refusals are never a 200. */
export class ValidationResponse {
  @ApiProperty({ example: true, description: 'Always true on a 200' }) is_valid!: true;
  @ApiProperty({ format: 'uuid', description: 'Id of the validated key' }) key_id!: string;
  @ApiProperty({ example: 'admin', description: 'Owner of the key' }) user_id!: string;
  @ApiProperty({ enum: SERVICES, description: 'Service the key is valid for' }) service_id!: string;
  @ApiProperty({
    type: [String],
    example: ['model:read'],
    description: 'Scopes the key grants; [] when none (anything within the service)',
  })
  scopes!: string[];
  @ApiProperty({ type: 'integer', example: 1000, description: 'Successful validations allowed per UTC clock hour' })
  rate_limit_per_hour!: number;
  @ApiProperty({ example: 'free', description: "The key's billing plan" }) billing_plan!: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Predictions allowed per month; null: unlimited' })
  monthly_prediction_limit!: number | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Always null on a 200' }) error!: null;
  @ApiProperty({ enum: ENVIRONMENTS, description: 'Environment the key was issued for (ours)' }) environment!: string;
  @ApiProperty({ type: String, nullable: true, description: 'When the key expires (UTC); null: never (ours)' })
  expires_at!: string | null;
}

export class ValidationRefusalResponse {
  @ApiProperty({ example: 'API key not found or invalid', description: 'Why the key was refused' }) detail!: string;
  @ApiProperty({ example: 'INVALID_KEY', description: 'Machine-readable reason (ours)' }) code!: string;
  @ApiProperty({ example: false, description: 'always false on a refusal' }) is_valid!: boolean;
  @ApiProperty({ example: 'API key not found or invalid', description: 'equal to detail' }) error!: string;
}
