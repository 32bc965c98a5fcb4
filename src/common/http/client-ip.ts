import type { Request } from 'express';

/**
 * The connection's address, or the first X-Forwarded-For entry when TRUST_PROXY is on (Express's `trust proxy`
 * decides; app.setup sets it from config). IPv4-mapped IPv6 is unwrapped so it matches IPv4 allowlists.
 */
export function clientIp(req: Request): string {
  const ip = req.ip ?? req.socket.remoteAddress ?? '';
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}
