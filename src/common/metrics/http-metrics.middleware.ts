import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** A request this slow is logged whatever its route, the machine routes included (they write no request line). */
export const SLOW_REQUEST_SECONDS = 1;

/**
 * Observes each request's duration under its route pattern (never the raw path, which holds ids), and logs the
 * slow ones: one histogram observation per request, the whole per-request cost of request logging on the hot path.
 */
export function httpMetrics(metrics: MetricsService, slowSeconds = SLOW_REQUEST_SECONDS) {
  const logger = new Logger('SlowRequest');
  return (req: Request, res: Response, next: NextFunction): void => {
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const seconds = end({ method: req.method, route, status: String(res.statusCode) });
      if (seconds >= slowSeconds) {
        logger.warn(
          {
            method: req.method,
            route,
            status: res.statusCode,
            ms: Math.round(seconds * 1000),
            requestId: res.getHeader('X-Request-Id'),
          },
          'Slow request',
        );
      }
    });
    next();
  };
}
