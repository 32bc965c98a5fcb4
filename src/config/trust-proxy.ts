import proxyaddr from 'proxy-addr';
import { parseBooleanFlag } from '../common/request-rules/boolean-flag';
import { normalizeAllowlistEntry } from '../common/ip/ip-allowlist';

/*
 * TRUST_PROXY (ARCHITECTURE.md "Configuration"): which hops in front of the service are trusted to append to
 * X-Forwarded-For, in Express's `trust proxy` terms: a hop count, or a list of proxy addresses and CIDRs (and
 * proxy-addr's names loopback, linklocal, uniquelocal). `true` trusted every hop, so a caller chose its own address
 * for the allowlist, the audit log and the throttles (issue 16 item 4): it is refused at start.
 */
export type TrustProxy = false | number | readonly string[];

const NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const MAX_HOPS = 32;

/** The setting, or the one-line problem (without the value: STYLE.md 8 never echoes configuration). */
export function parseTrustProxy(text: string | undefined): { value: TrustProxy } | { problem: string } {
  const raw = (text ?? '').trim();
  const flag = raw === '' ? false : parseBooleanFlag(raw);
  if (flag === false || raw === '0') return { value: false };
  if (flag === true && raw !== '1') {
    return {
      problem:
        'TRUST_PROXY must be a hop count or a list of proxy CIDRs; true (trust every hop) lets any caller choose its address',
    };
  }
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    return hops <= MAX_HOPS
      ? { value: hops }
      : { problem: `TRUST_PROXY must be a hop count of at most ${MAX_HOPS} or a list of proxy CIDRs` };
  }
  const entries = raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const list = entries.map((e) => (NAMES.has(e.toLowerCase()) ? e.toLowerCase() : normalizeAllowlistEntry(e)));
  const bad = list.indexOf(null);
  if (bad >= 0)
    return {
      problem: `TRUST_PROXY entry ${bad + 1} is not a hop count, an IP address, a CIDR block or loopback/linklocal/uniquelocal`,
    };
  proxyaddr.compile(list as string[]); // what Express will do with it; throws now rather than at the first request
  return { value: Object.freeze(list as string[]) };
}
