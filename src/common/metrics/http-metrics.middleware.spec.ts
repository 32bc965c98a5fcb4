import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { EventEmitter } from 'node:events';
import { httpMetrics } from './http-metrics.middleware';
import { MetricsService } from './metrics.service';
import { MemoryStore } from '../store/memory.store';

function exchange(): { req: Request; res: Response & EventEmitter } {
  const res = Object.assign(new EventEmitter(), { statusCode: 200, getHeader: () => 'rid-1' }) as unknown as Response &
    EventEmitter;
  const req = { method: 'POST', route: { path: '/api/v1/keys/validate' } } as unknown as Request;
  return { req, res };
}

describe('httpMetrics', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => (warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined)));
  afterEach(() => jest.restoreAllMocks());

  it('observes every request under its route pattern and logs only those slower than the bound', async () => {
    const metrics = new MetricsService(new MemoryStore());
    const middleware = httpMetrics(metrics, 0.02);
    const next: NextFunction = jest.fn();

    const fast = exchange();
    middleware(fast.req, fast.res, next);
    fast.res.emit('finish');
    const slow = exchange();
    middleware(slow.req, slow.res, next);
    await new Promise((resolve) => setTimeout(resolve, 40));
    slow.res.emit('finish');

    expect(next).toHaveBeenCalledTimes(2);
    const counted = (await metrics.httpDuration.get()).values.find((v) => v.metricName?.endsWith('_count'));
    expect(counted).toEqual(
      expect.objectContaining({ value: 2, labels: { method: 'POST', route: '/api/v1/keys/validate', status: '200' } }),
    );
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toEqual(
      expect.objectContaining({ route: '/api/v1/keys/validate', status: 200, requestId: 'rid-1' }),
    );
  });

  it('counts each route and status apart, however many requests share them', async () => {
    const metrics = new MetricsService(new MemoryStore());
    const middleware = httpMetrics(metrics);
    for (const status of [200, 200, 429]) {
      const { req, res } = exchange();
      res.statusCode = status;
      middleware(req, res, jest.fn());
      res.emit('finish');
    }
    const live = exchange();
    (live.req as { method: string }).method = 'GET';
    (live.req as { route: { path: string } }).route = { path: '/live' };
    middleware(live.req, live.res, jest.fn());
    live.res.emit('finish');

    const counts = (await metrics.httpDuration.get()).values
      .filter((v) => v.metricName?.endsWith('_count'))
      .map((v) => [v.labels.method, v.labels.route, v.labels.status, v.value]);
    expect(counts).toEqual(
      expect.arrayContaining([
        ['POST', '/api/v1/keys/validate', '200', 2],
        ['POST', '/api/v1/keys/validate', '429', 1],
        ['GET', '/live', '200', 1],
      ]),
    );
    expect(counts).toHaveLength(3);
  });
});
