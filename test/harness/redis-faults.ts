import Redis from 'ioredis';
import { performance } from 'node:perf_hooks';
import { RedisStore } from '../../src/common/store/redis.store';
import { InvalidationBus } from '../../src/validation/invalidation-bus';
import { createTestApp, TestApp, TestAppOptions } from './test-app';
import { TcpProxy } from './tcp-proxy';

export type RedisFault = 'subscription killed' | 'redis down' | 'redis frozen';
export const REDIS_FAULTS: RedisFault[] = ['subscription killed', 'redis down', 'redis frozen'];

/**
 * Two replicas of the service sharing the real PostgreSQL and the real Redis, each reaching Redis through its own
 * TCP proxy, so a test can cause each fault an operator meets (ARCHITECTURE.md "The validation hot path"): a
 * replica's subscription killed by Redis (CLIENT KILL), Redis down for everyone, Redis frozen (bytes accepted,
 * none answered, as under SIGSTOP).
 */
export class RedisFaultRig {
  readonly replicas: TestApp[] = [];
  private readonly proxies: TcpProxy[] = [];
  private readonly admin: Redis;

  private constructor(private readonly redisUrl: string) {
    this.admin = new Redis(redisUrl, { lazyConnect: true });
  }

  static async start(redisUrl: string, perReplica: TestAppOptions[] = [{}, {}]): Promise<RedisFaultRig> {
    const rig = new RedisFaultRig(redisUrl);
    await rig.admin.connect();
    const target = new URL(redisUrl);
    for (const [i, options] of perReplica.entries()) {
      const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
      await proxy.open();
      rig.proxies.push(proxy);
      const env = { ...options.env, REDIS_URL: proxy.rewrite(redisUrl) };
      rig.replicas.push(await createTestApp({ ...options, env, clean: i === 0 }));
    }
    await rig.settled();
    return rig;
  }

  async cause(fault: RedisFault, victim = 1): Promise<void> {
    if (fault === 'subscription killed') await this.killSubscription(this.replicas[victim]);
    if (fault === 'redis down') await Promise.all(this.proxies.map((p) => p.close()));
    if (fault === 'redis frozen') for (const p of this.proxies) p.freeze();
  }

  async end(fault: RedisFault): Promise<void> {
    if (fault === 'redis down') for (const p of this.proxies) await p.open();
    if (fault === 'redis frozen') for (const p of this.proxies) p.thaw();
  }

  /** What Redis does to a subscriber whose output buffer overflows, and what an idle timeout or a blip does. */
  async killSubscription(replica: TestApp): Promise<void> {
    const name = `${(replica.store as RedisStore).connectionName}:subscriber`;
    // A subscription killed a moment ago may still be reconnecting: kill the new one once it is there.
    const until = performance.now() + 5000;
    for (;;) {
      const list = (await this.admin.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
      const ids = list.split('\n').filter((line) => line.includes(` name=${name} `)).map((line) => /^id=(\d+)/.exec(line)![1]);
      for (const id of ids) await this.admin.call('CLIENT', 'KILL', 'ID', id);
      if (ids.length) return;
      if (performance.now() > until) throw new Error(`no subscription named ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Both replicas reach Redis again and hold their cache lease. */
  async settled(timeoutMs = 15_000): Promise<void> {
    const until = performance.now() + timeoutMs;
    const ok = () => this.replicas.every((r) => !r.store.degraded && r.app.get(InvalidationBus).lease.held);
    while (!ok()) {
      if (performance.now() > until) throw new Error('replicas did not recover from the fault in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async close(): Promise<void> {
    for (const p of this.proxies) p.thaw();
    for (const r of this.replicas) await r.close().catch(() => undefined);
    for (const p of this.proxies) await p.close();
    await this.admin.quit();
  }
}
