import type { ValidationResponse } from './types';
import { ValidationCache } from './validation-cache';

const KEY = 'hk_live_AbCdEfGhIjKlMnOpQrStUvWxYz123456';

function answer(overrides: Partial<ValidationResponse> = {}): ValidationResponse {
  return {
    is_valid: true,
    key_id: '6f1c1d2e-8c53-4a51-9a56-2f0f6d1e5a11',
    user_id: 'admin',
    service_id: 'platform',
    scopes: [],
    rate_limit_per_hour: 1000,
    billing_plan: 'free',
    monthly_prediction_limit: null,
    error: null,
    environment: 'production',
    expires_at: null,
    ...overrides,
  };
}

describe('ValidationCache', () => {
  let clock: number;
  let sut: ValidationCache;

  beforeEach(() => {
    clock = Date.parse('2026-11-25T10:00:00Z');
    sut = new ValidationCache(300_000, 3, () => clock);
  });

  it('keys entries by a SHA-256 of key, service, scope and IP, never by the key itself', () => {
    const fingerprint = ValidationCache.fingerprint(KEY, { serviceId: 'platform' });
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint).toBe(ValidationCache.fingerprint(KEY, { serviceId: 'platform' }));
    const variants = [
      ValidationCache.fingerprint(KEY, {}),
      ValidationCache.fingerprint(KEY, { serviceId: 'website' }),
      ValidationCache.fingerprint(KEY, { serviceId: 'platform', requiredScope: 'model:read' }),
      ValidationCache.fingerprint(KEY, { serviceId: 'platform', clientIp: '203.0.113.10' }),
      ValidationCache.fingerprint(`${KEY}x`, { serviceId: 'platform' }),
    ];
    expect(new Set([fingerprint, ...variants]).size).toBe(6);
    expect(ValidationCache.keyDigest(KEY)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serves an entry until its TTL, then forgets it', () => {
    sut.set('f', 'k', answer());
    clock += 299_999;
    expect(sut.get('f')).toEqual(answer());
    clock += 1;
    expect(sut.get('f')).toBeUndefined();
    expect(sut.size).toBe(0);
  });

  it('never serves a key past its own expires_at', () => {
    sut.set('f', 'k', answer({ expires_at: '2026-11-25T10:01:00.000+00:00' }));
    clock += 59_999;
    expect(sut.get('f')).toBeDefined();
    clock += 1;
    expect(sut.get('f')).toBeUndefined();
    sut.set('g', 'k', answer({ expires_at: '2026-11-25T09:00:00.000+00:00' }));
    expect(sut.get('g')).toBeUndefined();
  });

  it('drops every entry of a key at once', () => {
    sut.set('f1', 'k', answer());
    sut.set('f2', 'k', answer());
    sut.set('g', 'other', answer());
    sut.dropKey('k');
    expect([sut.get('f1'), sut.get('f2'), sut.get('g')]).toEqual([undefined, undefined, answer()]);
  });

  it('evicts the least recently used entry beyond its size', () => {
    sut.set('a', 'k', answer());
    sut.set('b', 'k', answer());
    sut.set('c', 'k', answer());
    sut.get('a');
    sut.set('d', 'k', answer());
    expect(['a', 'b', 'c', 'd'].map((f) => sut.get(f) !== undefined)).toEqual([true, false, true, true]);
  });

  it('stores nothing when the TTL is 0', () => {
    const off = new ValidationCache(0, 100);
    off.set('f', 'k', answer());
    expect(off.get('f')).toBeUndefined();
  });
});
