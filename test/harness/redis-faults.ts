import Redis from 'ioredis';
import { performance } from 'node:perf_hooks';
import { RedisStore } from '../../src/common/store/redis.store';
import type { AppConfig } from '../../src/config/app-config';
import type { HostPort } from '../../src/config/redis-topology';
import { InvalidationBus } from '../../src/keys/verification/invalidation-bus';
import { KeyProofCache } from '../../src/keys/verification/key-proof-cache';
import type { RedisClusterRig } from './redis-cluster';
import { createTestApp, TestApp, TestAppOptions } from './test-app';
import { TcpProxy } from './tcp-proxy';
import { redisSidesOf } from './redis-side';

export type RedisFault = 'subscription killed' | 'redis down' | 'redis frozen';
export const REDIS_FAULTS: RedisFault[] = ['subscription killed', 'redis down', 'redis frozen'];

/**
 * Two replicas of the service sharing the real PostgreSQL and the real Redis, each reaching Redis through its own
 * TCP proxy, so a test can cause each fault an operator meets (ARCHITECTURE.md "The validation hot path"): a
 * replica's subscription killed by Redis (CLIENT KILL), Redis down for everyone, Redis frozen (bytes accepted,
 * none answered, as under SIGSTOP). On a Redis Cluster each replica has one proxy per node, and the addresses the
 * cluster announces are mapped onto them (ioredis natMap, node-redis nodeAddressMap), so a fault reaches every
 * connection a replica opens, whichever node it goes to.
 */
export class RedisFaultRig {
  readonly replicas: TestApp[] = [];
  private readonly proxies: TcpProxy[] = [];
  private readonly admins: Redis[];

  private constructor(private readonly nodes: HostPort[]) {
    this.admins = nodes.map((n) => new Redis(n.port, n.host, { lazyConnect: true }));
  }

  /** A rig on one Redis (its URL) or on every node of a cluster. */
  static async start(
    target: string | RedisClusterRig,
    perReplica: TestAppOptions[] = [{}, {}],
  ): Promise<RedisFaultRig> {
    const single = typeof target === 'string' ? new URL(target) : undefined;
    const nodes = single
      ? [{ host: single.hostname, port: Number(single.port || 6379) }]
      : (target as RedisClusterRig).ports.map((port) => ({ host: '127.0.0.1', port }));
    const rig = new RedisFaultRig(nodes);
    await Promise.all(rig.admins.map((a) => a.connect()));
    for (const [i, options] of perReplica.entries()) {
      const proxies = await Promise.all(
        nodes.map(async (n) => {
          const proxy = new TcpProxy(n.host, n.port);
          await proxy.open();
          return proxy;
        }),
      );
      rig.proxies.push(...proxies);
      const via = proxies.map((p) => ({ host: '127.0.0.1', port: p.port }));
      const env = single
        ? { ...options.env, REDIS_URL: proxies[0].rewrite(target as string) }
        : {
            ...options.env,
            REDIS_URL: undefined,
            REDIS_CLUSTER_NODES: via.map((v) => `${v.host}:${v.port}`).join(','),
          };
      const natMap = Object.fromEntries(nodes.map((n, j) => [`${n.host}:${n.port}`, via[j]]));
      const adjustConfig = single
        ? undefined
        : (c: AppConfig): AppConfig => ({ ...c, redis: { kind: 'cluster', nodes: via, natMap } });
      rig.replicas.push(await createTestApp({ ...options, env, adjustConfig, clean: i === 0 }));
    }
    await rig.settled();
    await rig.proofsShared();
    return rig;
  }

  /**
   * Waits until a proof written by the first replica is read by the second. The proof tier connects on its own
   * (node-redis through @keyv/redis): a proof written before it has is skipped, one more compare by design, which
   * the first case asserting "no compare" would otherwise meet on a fast start.
   */
  async proofsShared(timeoutMs = 15_000): Promise<void> {
    const [first, second] = this.replicas;
    const until = performance.now() + timeoutMs;
    for (;;) {
      await first.app.get(KeyProofCache).set('probe', 'proof-tier-up', 10_000);
      if ((await second.app.get(KeyProofCache).get('probe')) === 'proof-tier-up') return;
      if (performance.now() > until) throw new Error('the key-proof tier did not connect in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
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
      let killed = 0;
      // On a cluster the subscription sits on whichever node it picked.
      for (const admin of this.admins) {
        const list = (await admin.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
        const ids = list
          .split('\n')
          .filter((line) => line.includes(` name=${name} `))
          .map((line) => /^id=(\d+)/.exec(line)![1]);
        for (const id of ids) await admin.call('CLIENT', 'KILL', 'ID', id);
        killed += ids.length;
      }
      if (killed) return;
      if (performance.now() > until) throw new Error(`no subscription named ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Both replicas reach Redis again and hold their cache lease. */
  async settled(timeoutMs = 15_000): Promise<void> {
    const until = performance.now() + timeoutMs;
    const ok = () => this.replicas.every((r) => !r.store.degraded && r.app.get(InvalidationBus).lease.held);
    while (!ok()) {
      if (performance.now() > until)
        throw new Error(
          `replicas did not recover from the fault in time: ${await redisSidesOf(this.replicas)}; ` +
            `proxies ${this.proxies.join(' | ')}; ${await this.serviceClients()}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** What each Redis node says of the service's connections (CLIENT LIST), for a failure message. */
  private async serviceClients(): Promise<string> {
    const fields = ['name', 'addr', 'age', 'idle', 'flags', 'multi', 'sub', 'qbuf', 'omem', 'cmd'];
    const nodes = await Promise.all(
      this.admins.map(async (admin, i) => {
        const list = await admin.call('CLIENT', 'LIST').then(String, (e: Error) => e.message);
        const lines = list
          .split('\n')
          .filter((line) => line.includes('name=hokusai'))
          .map((line) => fields.map((f) => new RegExp(`(?:^| )(${f}=\\S*)`).exec(line)?.[1] ?? `${f}?`).join(' '));
        return `node ${this.nodes[i].port} clients: ${lines.join(' / ')}`;
      }),
    );
    return nodes.join('; ');
  }

  async close(): Promise<void> {
    for (const p of this.proxies) p.thaw();
    for (const r of this.replicas) await r.close().catch(() => undefined);
    for (const p of this.proxies) await p.close();
    await Promise.all(this.admins.map((a) => a.quit()));
  }
}
