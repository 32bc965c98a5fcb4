import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { isMachineRoute } from '../routes/machine-routes';

/**
 * Browser security headers where a browser may render the answer (Swagger UI, the admin routes, errors of unknown
 * paths): helmet 8's defaults, with its CSP minus upgrade-insecure-requests (on plain http from any host but
 * loopback it made the browser fetch Swagger UI's own script and CSS over https, a blank /docs). The machine
 * routes get the three that matter for an API answer: no MIME sniffing, no caching, no framing; helmet's dozen
 * headers cost every validation their writing (CPU profile: header writing was the largest single entry).
 */
export function securityHeaders(): RequestHandler {
  const browser = helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!isMachineRoute(req.url)) return browser(req, res, next);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  };
}
