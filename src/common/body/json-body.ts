import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, raw, type NextFunction, type Request, type Response } from 'express';
import { exceedsDepth, JsonTooDeepError } from './json-depth';

/*
 * How request bodies are read (CONTRACT.md "Errors" and "Validation"): JSON only, 64 KiB (1 MiB for the batch
 * route), at most 32 levels deep before anything transforms it. Validation never answers 422, because the platform
 * middleware turns it into a 503 for its own caller: a body it cannot read there is read as empty instead.
 * GitHub's secret-scanning reports (issue 20) are signed over their exact bytes: that route gets them as a Buffer
 * (1 MiB), and its service verifies the signature before it parses anything.
 */
export const JSON_BODY_LIMIT = '64kb';
export const BATCH_BODY_LIMIT = '1mb';
// Express routes case-insensitively and with an optional trailing slash; match what it matches.
const BATCH_ROUTE = /^\/api\/v1\/usage\/batch\/?$/i;
const VALIDATE_ROUTE = /^\/api\/v1\/keys\/validate\/?$/i;
const SIGNED_ROUTE = /^\/api\/v1\/secret-scanning\/github\/?$/i;
const UNREADABLE = new Set(['entity.parse.failed', new JsonTooDeepError().type]);

/** One Express layer reads every body (see in-order.ts for why layers count): the parser for the path, then depth. */
export function useJsonBodies(app: NestExpressApplication): void {
  const standard = json({ limit: JSON_BODY_LIMIT, type: isJson });
  const batch = json({ limit: BATCH_BODY_LIMIT, type: isJson });
  const signed = raw({ limit: BATCH_BODY_LIMIT, type: isJson });
  app.use((req: Request, res: Response, next: NextFunction): void => {
    // Most requests (the probes, every GET) carry no body: body-parser would still read their headers (1 % of
    // GET /live's CPU profile) to find that out.
    if (!hasBody(req)) return next();
    if (SIGNED_ROUTE.test(req.path)) return signed(req, res, next);
    (BATCH_ROUTE.test(req.path) ? batch : standard)(req, res, (err?: ParserError) => next(checked(req, err)));
  });
}

/** type-is's hasBody: HTTP/1.1 frames a request body only by Transfer-Encoding or Content-Length. */
function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(req.headers['content-length']));
}

/** body-parser's errors name their kind in `type` ('entity.parse.failed', 'entity.too.large'). */
type ParserError = { type?: unknown };

function isJson(req: { headers: { 'content-type'?: string } }): boolean {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  return type.includes('json') || type === '';
}

/** The parser's error, or a too deep body's; on the validate route an unreadable body becomes no body at all. */
function checked(req: Request, err: ParserError | undefined): unknown {
  const failure = err ?? (req.body !== undefined && exceedsDepth(req.body) ? new JsonTooDeepError() : undefined);
  const type = failure?.type;
  if (typeof type === 'string' && UNREADABLE.has(type) && VALIDATE_ROUTE.test(req.path)) {
    req.body = undefined;
    return undefined;
  }
  return failure;
}
