import { ChildProcess, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePorts, startRedisServer, stopProcess, waitFor } from './local-servers';

const BUS_OFFSET = 10_000;

/**
 * A real Redis Cluster of three masters on free loopback ports, as CI builds it (`redis-server --cluster-enabled
 * yes` three times, then `redis-cli --cluster create … --cluster-replicas 0 --cluster-yes`). A node can be killed
 * (SIGKILL: its slots go unserved) and started again from its nodes.conf, when it rejoins with the same slots.
 */
export class RedisClusterRig {
  private readonly servers = new Map<number, ChildProcess>();
  private readonly admins = new Map<number, Redis>();

  private constructor(
    readonly ports: number[],
    private readonly dir: string,
  ) {}

  static async start(size = 3): Promise<RedisClusterRig> {
    const rig = new RedisClusterRig(await freePorts(size, BUS_OFFSET), mkdtempSync(join(tmpdir(), 'hk-cluster-')));
    await Promise.all(rig.ports.map((p) => rig.startNode(p)));
    const create = spawnSync('redis-cli', [
      '--cluster',
      'create',
      ...rig.ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    if (create.status !== 0)
      throw new Error(`redis-cli --cluster create failed: ${create.stdout.toString()}${create.stderr.toString()}`);
    await rig.healthy();
    return rig;
  }

  /** REDIS_CLUSTER_NODES for these nodes. */
  get nodesVariable(): string {
    return this.ports.map((p) => `127.0.0.1:${p}`).join(',');
  }

  admin(port: number): Redis {
    let redis = this.admins.get(port);
    if (!redis) {
      redis = new Redis(port, '127.0.0.1', { retryStrategy: () => 200, maxRetriesPerRequest: 1 });
      redis.on('error', () => undefined);
      this.admins.set(port, redis);
    }
    return redis;
  }

  /** CLUSTER KEYSLOT, asked of the cluster itself. */
  async slotOf(key: string): Promise<number> {
    return Number(await this.admin(this.ports[0]).call('CLUSTER', 'KEYSLOT', key));
  }

  /** The port of the master serving `key`'s slot. */
  async ownerOf(key: string): Promise<number> {
    const slot = await this.slotOf(key);
    const ranges = (await this.admin(this.ports[0]).call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
    const range = ranges.find(([from, to]) => slot >= from && slot <= to);
    if (!range) throw new Error(`slot ${slot} has no owner`);
    return range[2][1];
  }

  async kill(port: number): Promise<void> {
    this.admins.get(port)?.disconnect();
    this.admins.delete(port);
    await stopProcess(this.servers.get(port)!, 'SIGKILL');
  }

  /** Starts a killed node again and waits until every node reports the cluster whole. */
  async restart(port: number): Promise<void> {
    await this.startNode(port);
    await this.healthy();
  }

  async healthy(): Promise<void> {
    const ok = async (p: number) =>
      /cluster_state:ok/.test(
        String(
          await this.admin(p)
            .call('CLUSTER', 'INFO')
            .catch(() => ''),
        ),
      );
    await waitFor(
      async () => (await Promise.all(this.ports.map(ok))).every(Boolean),
      'cluster_state:ok on every node',
      30_000,
    );
  }

  async stop(): Promise<void> {
    for (const redis of this.admins.values()) redis.disconnect();
    await Promise.all([...this.servers.values()].map((s) => stopProcess(s)));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async startNode(port: number): Promise<void> {
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      `nodes-${port}.conf`,
      '--cluster-node-timeout',
      '1000',
      '--dir',
      this.dir,
      '--save',
      '',
      '--appendonly',
      'no',
    ];
    this.servers.set(port, await startRedisServer(port, args));
  }
}
