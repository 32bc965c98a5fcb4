import { canonicalAddress } from './ip-allowlist';

/*
 * One hop of X-Forwarded-For (or the connection's address) read as CONTRACT.md "Validation" says: `1.2.3.4:80`
 * and `[::1]:80` are their address, a zone (`fe80::1%eth0`) names an interface of the sender and is dropped, and
 * anything else that is not an address (`unknown`, garbage) is null. The raw text once reached the audit log's
 * inet column and failed the key's transaction with a 500 (issue 16 item 2).
 */
const BRACKETED = /^\[([^\]]*)\](?::\d{1,5})?$/;
const IPV4_WITH_PORT = /^([\d.]+):\d{1,5}$/;

export function forwardedAddress(entry: string | undefined): string | null {
  if (!entry) return null;
  let text = entry.trim();
  const bracketed = BRACKETED.exec(text);
  if (bracketed) text = bracketed[1];
  else {
    const withPort = IPV4_WITH_PORT.exec(text);
    if (withPort) text = withPort[1];
  }
  const zone = text.indexOf('%');
  if (zone > 0 && text.includes(':')) text = text.slice(0, zone);
  return canonicalAddress(text);
}
