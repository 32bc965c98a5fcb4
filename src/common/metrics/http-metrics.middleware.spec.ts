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
});
