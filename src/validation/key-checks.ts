import type { KeySnapshot } from '../keys';
import { Refusal, refusal } from './validation-refusal';

/*
 * The contract's checks on a known key, in its order (CONTRACT.md "Validation"): inactive, expired, service,
 * scope. The IP check is IpAllowlistGuard's, the rate limit KeyRateLimiter's. Pure: time comes in.
 */

// The longest scope a key can hold (CONTRACT.md "create": each 1 to 100 characters). A longer required scope was a
// 422; validation never answers one, so it is refused as a scope no key grants, even a key without scopes.
const MAX_SCOPE_LENGTH = 100;

export function statusRefusal(
  key: KeySnapshot,
  nowMs: number,
  serviceId?: string,
  requiredScope?: string,
): Refusal | null {
  if (!key.isActive || (key.revokedAtMs !== null && key.revokedAtMs <= nowMs)) return refusal('REVOKED');
  if (key.expiresAtMs !== null && key.expiresAtMs <= nowMs) return refusal('EXPIRED');
  if (serviceId !== undefined && serviceId !== key.serviceId) return refusal('WRONG_SERVICE', serviceId);
  if (
    requiredScope !== undefined &&
    (requiredScope.length > MAX_SCOPE_LENGTH || !grantsScope(key.scopes, requiredScope))
  ) {
    return refusal('INSUFFICIENT_SCOPE', requiredScope);
  }
  return null;
}

/** No scopes: everything within the service; `*`: everything; `model:*`: every scope starting with `model:`. */
export function grantsScope(scopes: readonly string[], required: string): boolean {
  if (scopes.length === 0) return true;
  return scopes.some((s) => s === required || s === '*' || (s.endsWith(':*') && required.startsWith(s.slice(0, -1))));
}
