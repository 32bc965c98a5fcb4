import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

/** An allowlist compiled once per cache fill: parsed ranges, matched without re-parsing (CONTRACT.md "Validation"). */
export interface CompiledAllowlist {
  readonly empty: boolean;
  readonly ranges: readonly Range[];
}

// A decimal octet without leading zeros: ipaddr.js reads "010" as octal 8, so 010.0.0.0/8 would become 8.0.0.0/8.
const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);

/**
 * Strict dotted-quad or RFC 4291 text, never ipaddr.js's lenient forms ("10", "0x0a.1", octal "010"). A dotted
 * tail of IPv6 text is spelled in hex before parsing, because ipaddr.js reads any such tail as IPv4-mapped
 * (::10.1.2.3 became ::ffff:10.1.2.3 and matched 10.0.0.0/8).
 */
function strictParse(text: string): Address | null {
  if (IPV4.test(text)) return ipaddr.IPv4.parse(text);
  if (!text.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(text)) return null;
  const colon = text.lastIndexOf(':');
  const tail = text.slice(colon + 1);
  let six = text;
  if (tail.includes('.')) {
    if (!IPV4.test(tail)) return null;
    const [a, b, c, d] = tail.split('.').map(Number);
    six = `${text.slice(0, colon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  return ipaddr.IPv6.isValid(six) ? ipaddr.IPv6.parse(six) : null;
}

/** IPv4-mapped IPv6 (::ffff:a.b.c.d) is its IPv4 form, so it matches IPv4 entries. */
function parseAddress(text: string): Address | null {
  const addr = strictParse(text);
  return addr?.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()
    ? (addr as ipaddr.IPv6).toIPv4Address()
    : addr;
}

/** ::a.b.c.d, the IPv4-compatible form RFC 4291 deprecated: not the IPv4 address, so an allowlist refuses it. */
function isIpv4Compatible(addr: Address): boolean {
  if (addr.kind() !== 'ipv6') return false;
  const parts = (addr as ipaddr.IPv6).parts;
  return parts.slice(0, 6).every((p) => p === 0) && !(parts[6] === 0 && parts[7] <= 1);
}

function parseEntry(entry: string): Range | null {
  const [host, bits, ...rest] = entry.trim().split('/');
  if (rest.length || (bits !== undefined && !/^\d{1,3}$/.test(bits))) return null;
  const raw = strictParse(host);
  const addr = parseAddress(host);
  if (!raw || !addr || isIpv4Compatible(raw)) return null;
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
  const network =
    addr.kind() === 'ipv4'
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
  const addr = ip ? parseAddress(ip) : null;
  if (!addr) return false;
  return list.ranges.some(([net, bits]) => net.kind() === addr.kind() && addr.match(net, bits));
}

export function isIpAddress(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && parseAddress(value) !== null;
}

/** The canonical text of an address (compressed IPv6, mapped IPv6 as IPv4), or null when it is not one. */
export function canonicalAddress(value: string): string | null {
  const addr = value.length <= 64 ? parseAddress(value) : null;
  return addr ? addr.toString() : null;
}

/** The stored form back to the wire: PostgreSQL's cidr adds /32 and /128 to single addresses. */
export function displayAllowlistEntry(stored: string): string {
  return stored.replace(/\/(32|128)$/, (m, bits) => (stored.includes(':') === (bits === '128') ? '' : m));
}
