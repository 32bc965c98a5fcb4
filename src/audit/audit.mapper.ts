import { isoUtc } from '../common/time/timestamp';
import { AuditEventEntity } from './audit-event.entity';
import { AuditItemResponse } from './dto/audit-page.response';

export function toAuditItem(e: AuditEventEntity): AuditItemResponse {
  return {
    id: e.id,
    occurred_at: isoUtc(e.occurredAt),
    actor: e.actor,
    action: e.action,
    key_id: e.keyId,
    client_ip: e.clientIp,
    request_id: e.requestId,
    details: e.details,
  };
}
