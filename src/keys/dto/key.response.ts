import { ApiProperty } from '@nestjs/swagger';
import { ENVIRONMENTS } from '../../common/keys/key-format';
import { SERVICES } from '../../common/services/services';

/** APIKeyInfo (CONTRACT.md "The key object"). Never the hash, the lookup digest or the plaintext key. */
export class KeyResponse {
  @ApiProperty({ format: 'uuid', description: 'Id of the key' }) key_id!: string;
  @ApiProperty({ format: 'uuid', description: 'Same as key_id (ours; the original CLI reads id)' }) id!: string;
  @ApiProperty({ example: 'prediction worker', description: 'Human name of the key' }) name!: string;
  @ApiProperty({ example: 'hk_live_AbC***', description: 'Masked: prefix and first three random characters' })
  key_prefix!: string;
  @ApiProperty({ example: 'admin', description: 'Owner of the key; admin unless the create request named one' })
  user_id!: string;
  @ApiProperty({ enum: SERVICES, description: 'Service the key is valid for' }) service_id!: string;
  @ApiProperty({
    type: [String],
    example: ['model:read'],
    description: 'Scopes granted; [] when none (anything within the service)',
  })
  scopes!: string[];
  @ApiProperty({ enum: ENVIRONMENTS, description: 'Environment the key was issued for' }) environment!: string;
  @ApiProperty({ description: 'false once revoked (expiry does not flip it)' }) is_active!: boolean;
  @ApiProperty({ type: 'integer', example: 1000, description: 'Successful validations allowed per UTC clock hour' })
  rate_limit_per_hour!: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Predictions allowed per month; null: unlimited' })
  monthly_prediction_limit!: number | null;
  @ApiProperty({ example: 'free', description: 'Billing plan' }) billing_plan!: string;
  @ApiProperty({ example: '2026-11-24T10:15:30.123+00:00', description: 'When the key was created (UTC)' })
  created_at!: string;
  @ApiProperty({ type: String, nullable: true, description: 'When the key expires (UTC); null: never' })
  expires_at!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Last successful validation; may lag a few seconds' })
  last_used_at!: string | null;
  @ApiProperty({ type: [String], description: 'Normalised allowlist (ours); [] when unrestricted' })
  allowed_ips!: string[];
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Successful validations allowed per second (ours); null: no burst limit',
  })
  burst_limit_per_second!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'When the key stopped (or stops) being valid (ours)' })
  revoked_at!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'Id of the key that replaced this one by rotation (ours); null when not rotated',
  })
  rotated_to!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'Id of the key this one replaced by rotation (ours); null when not a successor',
  })
  rotated_from!: string | null;
}

export class CreatedKeyResponse {
  @ApiProperty({ example: 'hk_live_…', description: 'The key itself: shown in this response only' }) api_key!: string;
  @ApiProperty({ format: 'uuid', description: 'Id of the new key, as in key_info (ours)' }) key_id!: string;
  @ApiProperty({ type: KeyResponse }) key_info!: KeyResponse;
}

export class RotatedKeyResponse extends CreatedKeyResponse {
  @ApiProperty({ format: 'uuid', description: 'Id of the key that was rotated (ours)' }) previous_key_id!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Until when the old key stays valid; null: revoked at once',
  })
  previous_key_valid_until!: string | null;
}

export class MessageResponse {
  @ApiProperty({ example: 'API key revoked successfully', description: 'What was done' }) message!: string;
}
