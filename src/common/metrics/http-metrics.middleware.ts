import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** Observes each request's duration under its route pattern (never the raw path, which holds ids). */
export function httpMetrics(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}
