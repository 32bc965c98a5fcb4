import { ApiProperty } from '@nestjs/swagger';
import { ENVIRONMENTS } from '../../common/keys/key-format';
import { SERVICES } from '../../common/services/services';

/** APIKeyInfo (CONTRACT.md "The key object"). Never the hash, the lookup digest or the plaintext key. */
export class KeyResponse {
  @ApiProperty({ format: 'uuid' }) key_id!: string;
  @ApiProperty({ format: 'uuid', description: 'Same as key_id (ours; the original CLI reads id)' }) id!: string;
  @ApiProperty({ example: 'prediction worker' }) name!: string;
  @ApiProperty({ example: 'hk_live_AbC***', description: 'Masked: prefix and first three random characters' })
  key_prefix!: string;
  @ApiProperty({ example: 'admin' }) user_id!: string;
  @ApiProperty({ enum: SERVICES }) service_id!: string;
  @ApiProperty({ type: [String], example: ['model:read'] }) scopes!: string[];
  @ApiProperty({ enum: ENVIRONMENTS }) environment!: string;
  @ApiProperty({ description: 'false once revoked (expiry does not flip it)' }) is_active!: boolean;
  @ApiProperty({ example: 1000 }) rate_limit_per_hour!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'null: unlimited' }) monthly_prediction_limit!:
    number | null;
  @ApiProperty({ example: 'free' }) billing_plan!: string;
  @ApiProperty({ example: '2026-11-24T10:15:30.123+00:00' }) created_at!: string;
  @ApiProperty({ type: String, nullable: true }) expires_at!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Last successful validation; may lag a few seconds' })
  last_used_at!: string | null;
  @ApiProperty({ type: [String], description: 'Normalised allowlist (ours); [] when unrestricted' })
  allowed_ips!: string[];
  @ApiProperty({ type: Number, nullable: true, description: 'Burst limit per second (ours)' }) burst_limit_per_second!:
    number | null;
  @ApiProperty({ type: String, nullable: true, description: 'When the key stopped (or stops) being valid (ours)' })
  revoked_at!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) rotated_to!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) rotated_from!: string | null;
}

export class CreatedKeyResponse {
  @ApiProperty({ example: 'hk_live_…', description: 'The key itself: shown in this response only' }) api_key!: string;
  @ApiProperty({ format: 'uuid' }) key_id!: string;
  @ApiProperty({ type: KeyResponse }) key_info!: KeyResponse;
}

export class RotatedKeyResponse extends CreatedKeyResponse {
  @ApiProperty({ format: 'uuid' }) previous_key_id!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Until when the old key stays valid; null: revoked at once',
  })
  previous_key_valid_until!: string | null;
}

export class MessageResponse {
  @ApiProperty({ example: 'API key revoked successfully' }) message!: string;
}
