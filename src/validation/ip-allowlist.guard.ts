import { Injectable } from '@nestjs/common';
import { allowlistMatches } from '../common/ip/ip-allowlist';
import type { KeySnapshot } from '../keys';

/**
 * The design card's IpAllowlistGuard, as the pure check it is (CONTRACT.md "Validation"): a key with an allowlist
 * admits only a client address inside it. The list was compiled when the key entered the cache; an address that
 * is no address never matches and never throws. ValidationService calls it at its step of the pipeline, after the
 * key's status checks and before the rate limit, because it needs the key the pipeline resolved.
 */
@Injectable()
export class IpAllowlistGuard {
  allows(key: KeySnapshot, clientIp: string | undefined): boolean {
    return key.allowlist.empty || allowlistMatches(key.allowlist, clientIp);
  }
}
