import { Injectable } from '@nestjs/common';
import { decodeCursor } from '../common/pagination/cursor';
import { keysetPage } from '../common/pagination/keyset-page';
import { parseTimestamp } from '../common/time/parse-timestamp';
import { HandWrittenViolation } from '../common/errors/request-validation.error';
import { AuditRepository } from './audit.repository';
import { toAuditItem } from './audit.mapper';
import { AuditPageResponse } from './dto/audit-page.response';
import { ListAuditQuery } from './dto/list-audit.query';

@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  async list(query: ListAuditQuery): Promise<AuditPageResponse> {
    const limit = query.limit ?? 100;
    const rows = await this.audit.listPage({
      keyId: query.key_id,
      action: query.action,
      since: query.since === undefined ? undefined : sinceOf(query.since),
      limit,
      after: decodeCursor(query.cursor),
    });
    const page = keysetPage(rows, limit, (a) => ({ at: a.occurredAt, id: a.id }), toAuditItem);
    return { items: page.items, next_cursor: page.nextCursor };
  }
}

function sinceOf(text: string): Date {
  const at = parseTimestamp(text);
  if (!at)
    throw new HandWrittenViolation([
      { loc: ['query', 'since'], msg: 'since must be a timestamp', type: 'datetime_parsing' },
    ]);
  return at;
}
