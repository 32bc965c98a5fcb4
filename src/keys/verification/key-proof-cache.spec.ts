import { Logger } from '@nestjs/common';
import { createServer, Server, Socket } from 'node:net';
import type { AppConfig } from '../../config/app-config';
import { KeyProofCache } from './key-proof-cache';

const config = (url?: string) =>
  ({ redis: url ? { kind: 'single', url } : undefined, redisCommandTimeoutMs: 100 }) as AppConfig;

describe('KeyProofCache', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('without Redis keeps proofs in memory until their TTL', async () => {
    const sut = new KeyProofCache(config());
    await sut.set('cache-id', 'key-1', 50);
    expect(await sut.get('cache-id')).toBe('key-1');
    expect(await sut.get('other')).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await sut.get('cache-id')).toBeUndefined();
    await sut.onApplicationShutdown();
  });

  describe('against a Redis that accepts connections and never answers (frozen)', () => {
    let server: Server;
    const sockets: Socket[] = [];
    let url: string;

    beforeAll(async () => {
      server = createServer((s) => sockets.push(s.on('error', () => undefined)));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `redis://127.0.0.1:${(server.address() as { port: number }).port}`;
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('a read is a miss and a write gives up, each by its deadline, and one line is logged for both', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const sut = new KeyProofCache(config(url));
      expect(await sut.get('cache-id')).toBeUndefined();
      await expect(sut.set('cache-id', 'key-1', 1000)).resolves.toBeUndefined();
      expect(warn).toHaveBeenCalledTimes(1);
      await sut.onApplicationShutdown();
    });
  });
});
