import { Logger } from '@nestjs/common';
import { channel } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpMetrics, RESPONSE_FINISHED } from './http-metrics';
import { MetricsService } from './metrics.service';
import { MemoryStore } from '../store/memory.store';

type Route = { method: string; path: string; status?: number };

/** A request through the front door's stamp, then the end Node publishes for every response. */
function exchange(sut: HttpMetrics, { method, path, status = 200 }: Route) {
  const request = { method, route: { path } } as unknown as IncomingMessage;
  const response = { statusCode: status, getHeader: () => 'rid-1' } as unknown as ServerResponse;
  sut.stamp(request, response, () => undefined);
  return () => channel(RESPONSE_FINISHED).publish({ request, response });
}

async function counts(metrics: MetricsService) {
  return (await metrics.httpDuration.get()).values
    .filter((v) => v.metricName?.endsWith('_count'))
    .map((v) => [v.labels.method, v.labels.route, v.labels.status, v.value]);
}

describe('HttpMetrics', () => {
  let warn: jest.SpyInstance;
  const made: HttpMetrics[] = [];
  const make = (metrics: MetricsService, slowSeconds?: number) => {
    const sut = new HttpMetrics(metrics, slowSeconds);
    made.push(sut);
    return sut;
  };
  beforeEach(() => (warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined)));
  afterEach(() => {
    for (const sut of made.splice(0)) sut.onModuleDestroy();
    jest.restoreAllMocks();
  });

  it('observes every request under its route pattern and logs only those slower than the bound', async () => {
    const metrics = new MetricsService(new MemoryStore());
    const sut = make(metrics, 0.02);
    exchange(sut, { method: 'POST', path: '/api/v1/keys/validate' })();
    const slow = exchange(sut, { method: 'POST', path: '/api/v1/keys/validate' });
    await new Promise((resolve) => setTimeout(resolve, 40));
    slow();

    expect(await counts(metrics)).toEqual([['POST', '/api/v1/keys/validate', '200', 2]]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toEqual(
      expect.objectContaining({ route: '/api/v1/keys/validate', status: 200, requestId: 'rid-1' }),
    );
  });

  it('counts each route and status apart, however many requests share them', async () => {
    const metrics = new MetricsService(new MemoryStore());
    const sut = make(metrics);
    for (const status of [200, 200, 429]) exchange(sut, { method: 'POST', path: '/api/v1/keys/validate', status })();
    exchange(sut, { method: 'GET', path: '/live' })();
    expect(await counts(metrics)).toEqual(
      expect.arrayContaining([
        ['POST', '/api/v1/keys/validate', '200', 2],
        ['POST', '/api/v1/keys/validate', '429', 1],
        ['GET', '/live', '200', 1],
      ]),
    );
    expect(await counts(metrics)).toHaveLength(3);
  });

  it('observes only the requests its own front door stamped, and nothing once its app is closed', async () => {
    const mine = new MetricsService(new MemoryStore());
    const other = new MetricsService(new MemoryStore());
    const sut = make(mine);
    make(other);
    exchange(sut, { method: 'GET', path: '/live' })();
    expect(await counts(mine)).toEqual([['GET', '/live', '200', 1]]);
    expect(await counts(other)).toEqual([]);
    sut.onModuleDestroy();
    exchange(sut, { method: 'GET', path: '/live' })();
    expect(await counts(mine)).toEqual([['GET', '/live', '200', 1]]);
  });
});
