import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor } from '../common/pagination/cursor';
import { keysetPage, type KeysetPage } from '../common/pagination/keyset-page';
import type { RequestContext } from '../common/request/request-context';
import { normalizeAllowlistEntry } from '../common/ip/ip-allowlist';
import { AuditRepository } from '../audit';
import { CreateKeyDto } from './dto/create-key.dto';
import { resolveExpiresAt } from './dto/expires-at.rule';
import { CreatedKeyResponse, KeyResponse } from './dto/key.response';
import { ListKeysQuery } from './dto/list-keys.query';
import { KeyCache } from './key-cache.port';
import { KeyNotFoundException } from './key-not-found.exception';
import { KeyIssuer, KeySettings } from './key-issuer';
import { toKeyResponse } from './key.mapper';
import { KeysRepository } from './keys.repository';
import { auditedSettings } from './audited-settings';

const DAY_MS = 86_400_000;

export type KeyPage = KeysetPage<KeyResponse>;

/** Create, list and get (CONTRACT.md "Keys"). Changes of existing keys live in KeyLifecycleService. */
@Injectable()
export class KeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: KeysRepository,
    private readonly issuer: KeyIssuer,
    private readonly audit: AuditRepository,
    private readonly cache: KeyCache,
  ) {}

  async create(dto: CreateKeyDto, ctx: RequestContext): Promise<CreatedKeyResponse> {
    const settings = settingsFrom(dto);
    const prepared = await this.issuer.prepare(settings.environment);
    const key = await this.dataSource.transaction(async (tx) => {
      const row = await this.issuer.insert(tx, prepared, settings);
      await this.audit.append(tx, ctx, 'key.create', row.id, auditedSettings(row));
      return row;
    });
    await this.cache.prime(prepared.plaintext, key);
    return { api_key: prepared.plaintext, key_id: key.id, key_info: toKeyResponse(key) };
  }

  async get(id: string): Promise<KeyResponse> {
    const key = await this.keys.findById(id);
    if (!key) throw new KeyNotFoundException();
    return toKeyResponse(key);
  }

  async list(query: ListKeysQuery): Promise<KeyPage> {
    const limit = query.limit ?? 1000;
    const after = decodeCursor(query.cursor);
    const rows = await this.keys.listPage({
      serviceId: query.service_id,
      userId: query.user_id,
      activeOnly: query.active_only ?? false,
      expiringWithinDays: query.expiring_within_days,
      limit,
      after: after && { createdAt: after.at, id: after.id },
    });
    const now = Date.now();
    return keysetPage(
      rows,
      limit,
      (k) => ({ at: k.createdAt, id: k.id }),
      (k) => toKeyResponse(k, now),
    );
  }
}

function settingsFrom(dto: CreateKeyDto): KeySettings {
  const expiresAt = dto.expires_in_days
    ? new Date(Date.now() + dto.expires_in_days * DAY_MS)
    : dto.expires_at
      ? resolveExpiresAt(dto.expires_at)
      : null;
  return {
    name: dto.name,
    userId: dto.user_id ?? 'admin',
    serviceId: dto.service_id,
    scopes: [...new Set(dto.scopes ?? [])],
    environment: dto.environment ?? 'production',
    rateLimitPerHour: dto.rate_limit_per_hour ?? 1000,
    burstLimitPerSecond: dto.burst_limit_per_second ?? null,
    monthlyPredictionLimit: dto.monthly_prediction_limit ?? null,
    billingPlan: dto.billing_plan ?? 'free',
    allowedIps: [...new Set((dto.allowed_ips ?? []).map((e) => normalizeAllowlistEntry(e)!))],
    expiresAt,
    rotatedFrom: null,
  };
}
