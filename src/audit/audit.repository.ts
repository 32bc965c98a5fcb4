import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { Position } from '../common/pagination/cursor';
import type { RequestContext } from '../common/request/request-context';
import { AuditAction, AuditEventEntity } from './audit-event.entity';

export interface AuditFilter {
  keyId?: string;
  action?: AuditAction;
  since?: Date;
  limit: number;
  after?: Position;
}

/** Appends and reads audit_events; there is no update or delete here, by design. */
@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEventEntity) private readonly repo: Repository<AuditEventEntity>) {}

  /** Inside the caller's transaction, so a key change and its audit row commit or roll back together. */
  async append(
    manager: EntityManager,
    ctx: RequestContext,
    action: AuditAction,
    keyId: string | null,
    details: Record<string, unknown>,
  ): Promise<void> {
    const repo = manager.getRepository(AuditEventEntity);
    await repo.save(
      repo.create({ actor: ctx.actor, action, keyId, clientIp: ctx.clientIp, requestId: ctx.requestId, details }),
      {
        reload: false,
      },
    );
  }

  appendAlone(ctx: RequestContext, action: AuditAction, details: Record<string, unknown>): Promise<void> {
    return this.append(this.repo.manager, ctx, action, null, details);
  }

  listPage(filter: AuditFilter): Promise<AuditEventEntity[]> {
    const q = this.repo
      .createQueryBuilder('a')
      .orderBy('a.occurred_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .take(filter.limit + 1);
    if (filter.keyId) q.andWhere('a.key_id = :keyId', { keyId: filter.keyId });
    if (filter.action) q.andWhere('a.action = :action', { action: filter.action });
    if (filter.since) q.andWhere('a.occurred_at >= :since', { since: filter.since });
    if (filter.after) q.andWhere('(a.occurred_at, a.id) < (:at, :id)', { at: filter.after.at, id: filter.after.id });
    return q.getMany();
  }
}
