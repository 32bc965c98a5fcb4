import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const SANE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The caller's X-Request-Id when it is sane, else a new one; echoed on every response (CONTRACT.md). Set once,
 * first thing for every request (configureApp), so routes outside Nest's router (/docs, Swagger's assets) carry
 * it too; later callers (the logger, the error filter) get the same id back.
 */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const existing = res.getHeader('X-Request-Id');
  if (typeof existing === 'string') return existing;
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && SANE.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** The middleware form, registered before everything else. */
export function requestIdMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  requestId(req, res);
  next();
}
