import type { Request } from 'express';
import type { Socket } from 'node:net';
import proxyaddr from 'proxy-addr';
import { forwardedAddress } from '../ip/forwarded-address';

type Trust = (address: string, hop: number) => boolean;
const TRUST_NOTHING: Trust = () => false;

/** Each connection's own address, canonical, read once: a keep-alive connection carries many requests. */
const connectionAddresses = new WeakMap<Socket, string>();

/**
 * The client's address as CONTRACT.md "Validation" defines it, the one address that feeds the allowlist, the
 * audit log and every per-address limit. Walks from the connection leftwards through X-Forwarded-For while the
 * hop is a trusted proxy (Express's `trust proxy`, set from TRUST_PROXY: a hop count or proxy CIDRs), exactly as
 * proxy-addr does, but on canonical addresses: `1.2.3.4:80` is its address, and an entry that is none (`unknown`)
 * is never the answer, nor is anything left of it, which a caller may have written; the last trusted hop is.
 */
export function clientIp(req: Request): string {
  // No X-Forwarded-For: the connection is the only hop, trusted or not, so its address is the answer.
  if (req.headers['x-forwarded-for'] === undefined) return connectionAddress(req.socket);
  const trust = (req.app?.get('trust proxy fn') as Trust | undefined) ?? TRUST_NOTHING;
  const hops = proxyaddr.all(req);
  let client = '';
  for (let hop = 0; hop < hops.length; hop++) {
    const address = forwardedAddress(hops[hop]);
    if (address === null) break;
    client = address;
    if (!trust(address, hop)) break;
  }
  return client;
}

function connectionAddress(socket: Socket | undefined): string {
  if (!socket) return '';
  let address = connectionAddresses.get(socket);
  if (address === undefined) {
    address = forwardedAddress(socket.remoteAddress) ?? '';
    // A closed socket has no address any more, and serves no further request to remember it for.
    if (address) connectionAddresses.set(socket, address);
  }
  return address;
}
