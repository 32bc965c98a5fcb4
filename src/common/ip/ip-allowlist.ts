import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

/** An allowlist compiled once per cache fill: parsed ranges, matched without re-parsing (CONTRACT.md "Validation"). */
export interface CompiledAllowlist {
  readonly empty: boolean;
  readonly ranges: readonly Range[];
}

/** IPv4-mapped IPv6 (::ffff:a.b.c.d) is its IPv4 form, so it matches IPv4 entries. */
function parseAddress(text: string): Address | null {
  if (!ipaddr.isValid(text)) return null;
  const addr = ipaddr.parse(text);
  return addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() ? (addr as ipaddr.IPv6).toIPv4Address() : addr;
}

/** Strict dotted-quad or RFC 4291 text; rejects ipaddr.js's lenient forms like "10" or "0x0a.1". */
function looksLikeIp(text: string): boolean {
  return /^(\d{1,3}\.){3}\d{1,3}$/.test(text) || (text.includes(':') && /^[0-9A-Fa-f:.]+$/.test(text));
}

function parseEntry(entry: string): Range | null {
  const [host, bits, ...rest] = entry.trim().split('/');
  if (rest.length || !looksLikeIp(host) || (bits !== undefined && !/^\d{1,3}$/.test(bits))) return null;
  const addr = parseAddress(host);
  if (!addr) return null;
  const raw = ipaddr.parse(host);
  const max = addr.kind() === 'ipv4' ? 32 : 128;
  let prefix = bits === undefined ? max : Number(bits);
  // A mapped IPv6 CIDR (::ffff:10.0.0.0/104) narrows to its IPv4 prefix.
  if (raw.kind() === 'ipv6' && addr.kind() === 'ipv4' && bits !== undefined) prefix -= 96;
  if (prefix < 0 || prefix > max) return null;
  return [addr, prefix];
}

/** The canonical text of an allowlist entry (network address, compressed IPv6), or null when it is not one. */
export function normalizeAllowlistEntry(entry: unknown): string | null {
  if (typeof entry !== 'string' || entry.length > 64) return null;
  const range = parseEntry(entry);
  if (!range) return null;
  const [addr, prefix] = range;
  const max = addr.kind() === 'ipv4' ? 32 : 128;
  if (prefix === max) return addr.toString();
  const network = addr.kind() === 'ipv4'
    ? ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${prefix}`)
    : ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/${prefix}`);
  return `${network.toString()}/${prefix}`;
}

export function compileAllowlist(entries: readonly string[]): CompiledAllowlist {
  const ranges = entries.map(parseEntry).filter((r): r is Range => r !== null);
  return { empty: entries.length === 0, ranges };
}

/** Whether `ip` falls in the allowlist. A non-address (e.g. "testclient") never matches and never throws. */
export function allowlistMatches(list: CompiledAllowlist, ip: string | undefined): boolean {
  if (!ip || !looksLikeIp(ip)) return false;
  const addr = parseAddress(ip);
  if (!addr) return false;
  return list.ranges.some(([net, bits]) => net.kind() === addr.kind() && addr.match(net, bits));
}

export function isIpAddress(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && looksLikeIp(value) && parseAddress(value) !== null;
}

/** The stored form back to the wire: PostgreSQL's cidr adds /32 and /128 to single addresses. */
export function displayAllowlistEntry(stored: string): string {
  return stored.replace(/\/(32|128)$/, (m, bits) => (stored.includes(':') === (bits === '128') ? '' : m));
}
