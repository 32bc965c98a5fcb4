import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ACTIONS } from '../audit-event.entity';

export class AuditItemResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2026-11-24T10:15:30.123+00:00' }) occurred_at!: string;
  @ApiProperty({ example: 'admin' }) actor!: string;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) key_id!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' }) client_ip!: string | null;
  @ApiProperty({ type: String, nullable: true }) request_id!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What changed; never a secret' })
  details!: Record<string, unknown>;
}

export class AuditPageResponse {
  @ApiProperty({ type: [AuditItemResponse] }) items!: AuditItemResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' })
  next_cursor!: string | null;
}
