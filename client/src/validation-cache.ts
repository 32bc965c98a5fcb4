import { createHash } from 'node:crypto';
import type { ValidationResponse } from './types';

/*
 * The client's validation cache (platform documentation: "validation results are cached for 5 minutes" and "cached
 * validations continue to work" while the service is down). Entries are keyed by SHA-256 digests: the raw key never
 * sits in memory longer than the call that carries it.
 */
export const DEFAULT_CACHE_TTL_MS = 5 * 60 * 1000;

export interface ValidationContext {
  serviceId?: string;
  requiredScope?: string;
  clientIp?: string;
}

interface Entry {
  keyDigest: string;
  value: ValidationResponse;
  expiresAt: number;
}

export class ValidationCache {
  private readonly entries = new Map<string, Entry>();
  /** keyDigest -> fingerprints, so a 401 for a key drops every cached answer for it, whatever the scope or IP. */
  private readonly byKey = new Map<string, Set<string>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0 && this.maxEntries > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  static keyDigest(apiKey: string): string {
    return createHash('sha256').update(apiKey).digest('hex');
  }

  static fingerprint(apiKey: string, ctx: ValidationContext): string {
    const parts = [apiKey, ctx.serviceId ?? '', ctx.requiredScope ?? '', ctx.clientIp ?? ''];
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  }

  get(fingerprint: string): ValidationResponse | undefined {
    const entry = this.entries.get(fingerprint);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.delete(fingerprint, entry);
      return undefined;
    }
    // Re-insert: Map order doubles as least-recently-used order for eviction.
    this.entries.delete(fingerprint);
    this.entries.set(fingerprint, entry);
    return entry.value;
  }

  set(fingerprint: string, keyDigest: string, value: ValidationResponse): void {
    if (!this.enabled) return;
    const now = this.now();
    const keyExpiry = value.expires_at ? Date.parse(value.expires_at) : Number.NaN;
    // Never serve a key past its own expiry from the cache.
    const expiresAt = Number.isNaN(keyExpiry) ? now + this.ttlMs : Math.min(now + this.ttlMs, keyExpiry);
    if (expiresAt <= now) return;
    const old = this.entries.get(fingerprint);
    if (old) this.delete(fingerprint, old);
    this.entries.set(fingerprint, { keyDigest, value, expiresAt });
    let fingerprints = this.byKey.get(keyDigest);
    if (!fingerprints) this.byKey.set(keyDigest, (fingerprints = new Set()));
    fingerprints.add(fingerprint);
    while (this.entries.size > this.maxEntries) {
      const [oldest, entry] = this.entries.entries().next().value as [string, Entry];
      this.delete(oldest, entry);
    }
  }

  /** Forget every answer for this key (the service said 401: revoked, expired, or not what we thought). */
  dropKey(keyDigest: string): void {
    for (const fingerprint of this.byKey.get(keyDigest) ?? []) this.entries.delete(fingerprint);
    this.byKey.delete(keyDigest);
  }

  clear(): void {
    this.entries.clear();
    this.byKey.clear();
  }

  private delete(fingerprint: string, entry: Entry): void {
    this.entries.delete(fingerprint);
    const fingerprints = this.byKey.get(entry.keyDigest);
    fingerprints?.delete(fingerprint);
    if (fingerprints && !fingerprints.size) this.byKey.delete(entry.keyDigest);
  }
}
