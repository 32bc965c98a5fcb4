import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { authenticate, HokusaiAuthSettings, HokusaiPrincipal, recordUsageAfterResponse } from './request-auth';

/*
 * Express middleware on HokusaiAuthClient (issue 8, item 3). The client IP sent to the service is `req.ip`, i.e.
 * what Express trusts under the app's explicit `trust proxy` setting, never the raw first X-Forwarded-For entry
 * (ARCHITECTURE.md): set `app.set('trust proxy', <your proxies>)` yourself, or keys with allowed_ips see the proxy.
 */

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by hokusaiAuth / HokusaiAuthGuard once the API key is valid. */
    hokusai?: HokusaiPrincipal;
  }
}

export type HokusaiAuthOptions = HokusaiAuthSettings;

/**
 * `app.use(hokusaiAuth({ client, serviceId: 'platform', requiredScope: 'model:read', recordUsage: true }))`.
 * 400 without a key; 401 / 429 with the service's detail (and Retry-After); 503 when the service cannot be reached
 * and no cached validation exists.
 */
export function hokusaiAuth(options: HokusaiAuthOptions): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const outcome = await authenticate(options, req);
    if (!outcome.ok) {
      res.status(outcome.status).set(outcome.headers).json(outcome.body);
      return;
    }
    req.hokusai = outcome.principal;
    recordUsageAfterResponse(options, outcome.principal, req, res);
    next();
  };
}
