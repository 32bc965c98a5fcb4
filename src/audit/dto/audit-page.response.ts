import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ACTIONS } from '../audit-event.entity';

export class AuditItemResponse {
  @ApiProperty({ format: 'uuid', description: 'Id of the audit event' }) id!: string;
  @ApiProperty({ example: '2026-11-24T10:15:30.123+00:00', description: 'When the event happened (UTC)' })
  occurred_at!: string;
  @ApiProperty({ example: 'admin', description: 'Who acted: admin, or github-secret-scanning for a leak report' })
  actor!: string;
  @ApiProperty({ enum: AUDIT_ACTIONS, description: 'What happened' }) action!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'Key concerned; null when none' })
  key_id!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '203.0.113.7',
    description: 'Client address of the request; null when unknown',
  })
  client_ip!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'X-Request-Id of the request; null when unknown' })
  request_id!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What changed; never a secret' })
  details!: Record<string, unknown>;
}

export class AuditPageResponse {
  @ApiProperty({ type: [AuditItemResponse], description: 'Audit events, newest first' }) items!: AuditItemResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' })
  next_cursor!: string | null;
}
