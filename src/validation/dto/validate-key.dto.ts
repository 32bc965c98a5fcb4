import { ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The optional body of POST /api/v1/keys/validate (CONTRACT.md "Validation"). Documents the wire; the fields are
 * checked by readValidateRequest on the hot path, so the handler does not run them through ValidationPipe.
 */
export class ValidateKeyDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The key, when no Authorization Bearer or X-API-Key header carries it',
    example: 'hk_live_…',
    maxLength: 256,
  })
  api_key?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Refuse unless the key belongs to this service',
    example: 'platform',
    maxLength: 64,
  })
  service_id?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Refuse unless the key grants this scope',
    example: 'model:read',
    maxLength: 100,
  })
  required_scope?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "The calling service's client address for the allowlist; a non-address is ignored",
    example: '203.0.113.10',
    maxLength: 64,
  })
  client_ip?: string | null;
}
