import { ApiProperty } from '@nestjs/swagger';
import { ENVIRONMENTS } from '../../common/keys/key-format';
import { SERVICES } from '../../common/services/services';

/** A successful validation (CONTRACT.md "Validation", 200). Refusals are never a 200. */
export class ValidationResponse {
  @ApiProperty({ example: true }) is_valid!: true;
  @ApiProperty({ format: 'uuid' }) key_id!: string;
  @ApiProperty({ example: 'admin' }) user_id!: string;
  @ApiProperty({ enum: SERVICES }) service_id!: string;
  @ApiProperty({ type: [String], example: ['model:read'] }) scopes!: string[];
  @ApiProperty({ example: 1000 }) rate_limit_per_hour!: number;
  @ApiProperty({ example: 'free' }) billing_plan!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'null: unlimited' }) monthly_prediction_limit!:
    number | null;
  @ApiProperty({ type: String, nullable: true, example: null }) error!: null;
  @ApiProperty({ enum: ENVIRONMENTS, description: 'ours' }) environment!: string;
  @ApiProperty({ type: String, nullable: true, description: 'ours' }) expires_at!: string | null;
}

export class ValidationRefusalResponse {
  @ApiProperty({ example: 'API key not found or invalid' }) detail!: string;
  @ApiProperty({ example: 'INVALID_KEY', description: 'ours' }) code!: string;
  @ApiProperty({ example: false, description: 'always false on a refusal' }) is_valid!: boolean;
  @ApiProperty({ example: 'API key not found or invalid', description: 'equal to detail' }) error!: string;
}
