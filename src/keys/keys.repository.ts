import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, Repository } from 'typeorm';
import { ApiKeyEntity, ServiceId } from './api-key.entity';

export interface KeyListFilter {
  serviceId?: ServiceId;
  userId?: string;
  activeOnly: boolean;
  expiringWithinDays?: number;
  limit: number;
  after?: { createdAt: Date; id: string };
}

/** The api_keys aggregate. Query code stays here (STYLE.md 4). */
@Injectable()
export class KeysRepository {
  constructor(@InjectRepository(ApiKeyEntity) private readonly repo: Repository<ApiKeyEntity>) {}

  findById(id: string): Promise<ApiKeyEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findByLookup(lookupDigest: string): Promise<ApiKeyEntity | null> {
    return this.repo.findOneBy({ lookupDigest });
  }

  /** Locks the row for the rest of the transaction, so concurrent rotations and revocations queue. */
  findForUpdate(manager: EntityManager, id: string): Promise<ApiKeyEntity | null> {
    return manager.getRepository(ApiKeyEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  insert(manager: EntityManager, key: Partial<ApiKeyEntity>): Promise<ApiKeyEntity> {
    const repo = manager.getRepository(ApiKeyEntity);
    return repo.save(repo.create(key));
  }

  async update(manager: EntityManager, id: string, changes: Partial<ApiKeyEntity>): Promise<void> {
    await manager.getRepository(ApiKeyEntity).update({ id }, changes);
  }

  /** Newest first, keyset-paginated on (created_at, id); fetches one extra row to tell whether more remain. */
  listPage(filter: KeyListFilter): Promise<ApiKeyEntity[]> {
    const q = this.repo.createQueryBuilder('k').orderBy('k.created_at', 'DESC').addOrderBy('k.id', 'DESC').take(filter.limit + 1);
    if (filter.serviceId) q.andWhere('k.service_id = :serviceId', { serviceId: filter.serviceId });
    if (filter.userId) q.andWhere('k.user_id = :userId', { userId: filter.userId });
    if (filter.activeOnly || filter.expiringWithinDays) {
      q.andWhere('k.is_active').andWhere(new Brackets((b) => b.where('k.revoked_at IS NULL').orWhere('k.revoked_at > now()')));
      q.andWhere(new Brackets((b) => b.where('k.expires_at IS NULL').orWhere('k.expires_at > now()')));
    }
    if (filter.expiringWithinDays) {
      q.andWhere(`k.expires_at <= now() + make_interval(days => :days)`, { days: filter.expiringWithinDays });
    }
    if (filter.after) {
      q.andWhere('(k.created_at, k.id) < (:afterAt, :afterId)', { afterAt: filter.after.createdAt, afterId: filter.after.id });
    }
    return q.getMany();
  }

  /** last_used_at in one statement for a batch of keys (written off the request path). */
  async touchLastUsed(entries: { id: string; at: Date }[]): Promise<void> {
    if (!entries.length) return;
    await this.repo.query(
      `UPDATE api_keys AS k SET last_used_at = GREATEST(k.last_used_at, v.at)
       FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, at) WHERE k.id = v.id`,
      [entries.map((e) => e.id), entries.map((e) => e.at.toISOString())],
    );
  }
}
