import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, type NextFunction, type Request, type Response } from 'express';
import { exceedsDepth, JsonTooDeepError } from './json-depth';

/*
 * How request bodies are read (CONTRACT.md "Errors" and "Validation"): JSON only, 64 KiB (1 MiB for the batch
 * route), at most 32 levels deep before anything transforms it. Validation never answers 422, because the platform
 * middleware turns it into a 503 for its own caller: a body it cannot read there is read as empty instead.
 */
export const JSON_BODY_LIMIT = '64kb';
export const BATCH_BODY_LIMIT = '1mb';
const BATCH_ROUTE = '/api/v1/usage/batch';
// Express routes case-insensitively and with an optional trailing slash; match what it matches.
const VALIDATE_ROUTE = /^\/api\/v1\/keys\/validate\/?$/i;
const UNREADABLE = new Set(['entity.parse.failed', new JsonTooDeepError().type]);

export function useJsonBodies(app: NestExpressApplication): void {
  // The batch route's parser is mounted on its path, so every other request meets one parser, not two type checks;
  // a body it read is not read again (body-parser skips a finished request).
  app.use(BATCH_ROUTE, json({ limit: BATCH_BODY_LIMIT, type: isJson }));
  app.use(json({ limit: JSON_BODY_LIMIT, type: isJson }));
  app.use(refuseDeepJson);
  app.use(validationReadsUnreadableBodyAsEmpty);
}

function isJson(req: { headers: Record<string, unknown> }): boolean {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  return type.includes('json') || type === '';
}

function refuseDeepJson(req: Request, _res: Response, next: NextFunction): void {
  next(req.body !== undefined && exceedsDepth(req.body) ? new JsonTooDeepError() : undefined);
}

/** An error-handling middleware: on the validate route a malformed or too deep body becomes no body at all. */
function validationReadsUnreadableBodyAsEmpty(err: unknown, req: Request, _res: Response, next: NextFunction): void {
  const type = (err as { type?: unknown } | undefined)?.type;
  if (typeof type === 'string' && UNREADABLE.has(type) && VALIDATE_ROUTE.test(req.path)) {
    req.body = undefined;
    return next();
  }
  next(err);
}
