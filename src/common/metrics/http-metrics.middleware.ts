import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { performance } from 'node:perf_hooks';
import { MetricsService } from './metrics.service';

/** A request this slow is logged whatever its route, the machine routes included (they write no request line). */
export const SLOW_REQUEST_SECONDS = 1;

type Observer = { observe(seconds: number): void };

/**
 * Observes each request's duration under its route pattern (never the raw path, which holds ids), and logs the
 * slow ones: one histogram observation per request, the whole per-request cost of request logging on the hot path.
 * Each (method, route, status) keeps its bound histogram child: prom-client's observe() with a labels object
 * sorts and hashes the labels on every call (CPU profile of validate: about 1.5 µs a request).
 */
export function httpMetrics(metrics: MetricsService, slowSeconds = SLOW_REQUEST_SECONDS) {
  const logger = new Logger('SlowRequest');
  // Bounded: route patterns, HTTP methods and status codes are finite sets.
  const observers = new Map<string, Observer>();
  const observerFor = (method: string, route: string, status: string): Observer => {
    const id = `${method} ${status} ${route}`;
    let observer = observers.get(id);
    if (!observer) observers.set(id, (observer = metrics.httpDuration.labels({ method, route, status })));
    return observer;
  };
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    res.once('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      observerFor(req.method, route, String(res.statusCode)).observe(seconds);
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
