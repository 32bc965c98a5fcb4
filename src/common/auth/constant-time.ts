import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a presented secret with each accepted one in time independent of where they differ and of their
 * lengths: both sides are hashed to 32 bytes first, and every candidate is compared (no early exit).
 */
export function matchesAny(presented: string, accepted: readonly string[]): boolean {
  const p = createHash('sha256').update(presented).digest();
  let found = false;
  for (const candidate of accepted) {
    const c = createHash('sha256').update(candidate).digest();
    found = timingSafeEqual(p, c) || found;
  }
  return found;
}
