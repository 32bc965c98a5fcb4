import { createHash, timingSafeEqual } from 'node:crypto';

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/**
 * The accepted secrets (admin tokens, the usage token), compared with a presented one in time independent of where
 * they differ and of their lengths: both sides are hashed to 32 bytes, and every candidate is compared (no early
 * exit). The accepted side is hashed once, at start, not on every request (a CPU profile of the debit route had
 * three SHA-256 a request in the usage guard alone).
 */
export class SecretMatcher {
  private readonly digests: readonly Buffer[];

  constructor(accepted: readonly string[]) {
    this.digests = accepted.map(digest);
  }

  matches(presented: string): boolean {
    const p = digest(presented);
    let found = false;
    for (const candidate of this.digests) found = timingSafeEqual(p, candidate) || found;
    return found;
  }
}
