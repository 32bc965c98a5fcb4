import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, Repository } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { ServiceId } from '../common/services/services';

export interface KeyListFilter {
  serviceId?: ServiceId;
  userId?: string;
  activeOnly: boolean;
  expiringWithinDays?: number;
  limit: number;
  after?: { createdAt: Date; id: string };
}

const KEY_COLUMNS = `id, name, key_hash, lookup_digest, key_prefix, user_id, service_id, scopes, environment,
  is_active, rate_limit_per_hour, burst_limit_per_second, monthly_prediction_limit, billing_plan,
  allowed_ips::text[] AS allowed_ips, created_at, expires_at, last_used_at, revoked_at, rotated_from, rotated_to`;
const FIND_BY_LOOKUPS = `SELECT ${KEY_COLUMNS} FROM api_keys WHERE lookup_digest = ANY($1::bpchar[])`;
const FIND_BY_IDS = `SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = ANY($1::uuid[])`;

interface RawKeyRow {
  id: string;
  name: string;
  key_hash: string;
  lookup_digest: string;
  key_prefix: string;
  user_id: string;
  service_id: ServiceId;
  scopes: string[];
  environment: ApiKeyEntity['environment'];
  is_active: boolean;
  rate_limit_per_hour: number;
  burst_limit_per_second: number | null;
  monthly_prediction_limit: number | null;
  billing_plan: string;
  allowed_ips: string[];
  created_at: Date | string;
  expires_at: Date | string | null;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
  rotated_from: string | null;
  rotated_to: string | null;
}

const toDate = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

function fromRow(r: RawKeyRow): ApiKeyEntity {
  return Object.assign(new ApiKeyEntity(), {
    id: r.id,
    name: r.name,
    keyHash: r.key_hash,
    lookupDigest: r.lookup_digest.trim(),
    displayPrefix: r.key_prefix,
    userId: r.user_id,
    serviceId: r.service_id,
    scopes: r.scopes,
    environment: r.environment,
    isActive: r.is_active,
    rateLimitPerHour: r.rate_limit_per_hour,
    burstLimitPerSecond: r.burst_limit_per_second,
    monthlyPredictionLimit: r.monthly_prediction_limit,
    billingPlan: r.billing_plan,
    allowedIps: r.allowed_ips,
    createdAt: toDate(r.created_at)!,
    expiresAt: toDate(r.expires_at),
    lastUsedAt: toDate(r.last_used_at),
    revokedAt: toDate(r.revoked_at),
    rotatedFrom: r.rotated_from,
    rotatedTo: r.rotated_to,
  });
}

/** The api_keys aggregate. Query code stays here (STYLE.md 4). */
@Injectable()
export class KeysRepository {
  constructor(@InjectRepository(ApiKeyEntity) private readonly repo: Repository<ApiKeyEntity>) {}

  findById(id: string): Promise<ApiKeyEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /**
   * The validation cold path, and the whole cost of made-up well-formed keys: one indexed query in plain SQL for
   * many lookup digests (the column is unique), without the query builder and entity hydration of findOneBy, which
   * cost more than the query itself. The answer is in the order of `lookupDigests`, null where no key has it.
   * bpchar[], not text[]: a text comparison casts the char(64) column and cannot use its index.
   */
  async findManyByLookup(lookupDigests: readonly string[]): Promise<(ApiKeyEntity | null)[]> {
    const rows: RawKeyRow[] = await this.repo.query(FIND_BY_LOOKUPS, [lookupDigests]);
    const byDigest = new Map(rows.map((r) => [r.lookup_digest.trim(), r]));
    return lookupDigests.map((d) => {
      const row = byDigest.get(d);
      return row ? fromRow(row) : null;
    });
  }

  /** Locks the row for the rest of the transaction, so concurrent rotations and revocations queue. */
  /** The validation path without a lease: the rows of these ids, in their order, null where none; plain SQL as above. */
  async findManyByIds(ids: readonly string[]): Promise<(ApiKeyEntity | null)[]> {
    const rows: RawKeyRow[] = await this.repo.query(FIND_BY_IDS, [ids]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => {
      const row = byId.get(id);
      return row ? fromRow(row) : null;
    });
  }

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
    const q = this.repo
      .createQueryBuilder('k')
      .orderBy('k.created_at', 'DESC')
      .addOrderBy('k.id', 'DESC')
      .take(filter.limit + 1);
    if (filter.serviceId) q.andWhere('k.service_id = :serviceId', { serviceId: filter.serviceId });
    if (filter.userId) q.andWhere('k.user_id = :userId', { userId: filter.userId });
    if (filter.activeOnly || filter.expiringWithinDays) {
      q.andWhere('k.is_active').andWhere(
        new Brackets((b) => b.where('k.revoked_at IS NULL').orWhere('k.revoked_at > now()')),
      );
      q.andWhere(new Brackets((b) => b.where('k.expires_at IS NULL').orWhere('k.expires_at > now()')));
    }
    if (filter.expiringWithinDays) {
      q.andWhere(`k.expires_at <= now() + make_interval(days => :days)`, { days: filter.expiringWithinDays });
    }
    if (filter.after) {
      q.andWhere('(k.created_at, k.id) < (:afterAt, :afterId)', {
        afterAt: filter.after.createdAt,
        afterId: filter.after.id,
      });
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
