import { Inject, Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { MetricsService } from './metrics.service';

/** A request this slow is logged whatever its route, the machine routes included (they write no request line). */
export const SLOW_REQUEST_SECONDS = 1;
/** Overrides SLOW_REQUEST_SECONDS (tests). */
export const SLOW_REQUEST_BOUND = Symbol('SLOW_REQUEST_BOUND');
/** Node publishes every response's end here (node:http's diagnostics channels, stable since Node 18). */
export const RESPONSE_FINISHED = 'http.server.response.finish';

type Exchange = { request: IncomingMessage & { route?: { path?: string } }; response: ServerResponse };

/**
 * Each request's duration under its route pattern (never the raw path, which holds ids), and a log line for the
 * slow ones: the whole per-request cost of request logging on the machine routes. The front door stamps the
 * start on the request; Node's response-finished channel reports the end, so no request registers a listener,
 * and each (method, route, status) has its histogram child bound once instead of its labels hashed on every
 * request (CPU profile of GET /live: the 'finish' listener, prom-client's label handling and the listener's
 * bookkeeping were about 4 µs of a 100 µs request).
 */
@Injectable()
export class HttpMetrics implements OnModuleDestroy {
  private readonly logger = new Logger('SlowRequest');
  // One per instance: an app observes only the requests its own front door stamped (tests run several apps). A
  // WeakMap, not a property on the request: adding one grew every request's property store (sampling heap profile
  // of validate: 1.3 KB a request, of 49).
  private readonly started = new WeakMap<IncomingMessage, number>();
  private readonly children = new Map<string, { observe(seconds: number): void }>();

  constructor(
    private readonly metrics: MetricsService,
    @Optional() @Inject(SLOW_REQUEST_BOUND) private readonly slowSeconds: number = SLOW_REQUEST_SECONDS,
  ) {
    subscribe(RESPONSE_FINISHED, this.finished);
  }

  /** The front door's part: the start of the request. */
  readonly stamp = (req: IncomingMessage, _res: ServerResponse, next: () => void): void => {
    this.started.set(req, performance.now());
    next();
  };

  onModuleDestroy(): void {
    unsubscribe(RESPONSE_FINISHED, this.finished);
  }

  private readonly finished = (message: unknown): void => {
    const { request: req, response: res } = message as Exchange;
    const started = this.started.get(req);
    if (started === undefined) return;
    const seconds = (performance.now() - started) / 1000;
    const route = req.route?.path ?? 'unmatched';
    this.child(req.method ?? 'GET', route, res.statusCode).observe(seconds);
    if (seconds >= this.slowSeconds) {
      this.logger.warn(
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
  };

  /** Bounded: routes and methods are the app's own ('unmatched' for every unknown path), statuses are few. */
  private child(method: string, route: string, status: number): { observe(seconds: number): void } {
    const name = `${method} ${status} ${route}`;
    let child = this.children.get(name);
    if (!child) {
      child = this.metrics.httpDuration.labels({ method, route, status: String(status) });
      this.children.set(name, child);
    }
    return child;
  }
}
