import { EventEmitter } from 'node:events';
import Redis, { RedisOptions } from 'ioredis';
import type { HostPort } from '../../config/redis-topology';

const HOP_DELAY_MAX_MS = 1000;

/**
 * The subscription connection on a Redis Cluster. Classic PUBLISH is broadcast over the cluster bus to every node,
 * so a subscriber on any one node hears every channel (sharded SPUBLISH would not reach it: each channel lives on
 * one shard, and a broadcast is what invalidations and heartbeats need). ioredis's own cluster subscriber moves to
 * another node silently; the cache lease must know the moment the subscription drops (messages published meanwhile
 * are lost, not queued), so this one says so: 'close' when the connection drops, 'ready' on the next node, which it
 * picks from the nodes the cluster client knows, never reconnecting to the same dead node in a loop.
 */
export class NodeHoppingSubscriber extends EventEmitter {
  private connection?: Redis;
  private readonly channels = new Set<string>();
  private hop = 0;
  private failures = 0;
  private stopped = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly nodes: () => HostPort[],
    private readonly options: RedisOptions,
  ) {
    super();
    this.connect();
  }

  get status(): string {
    return this.connection?.status ?? 'end';
  }

  async subscribe(channel: string): Promise<void> {
    this.channels.add(channel);
    if (this.connection?.status === 'ready') await this.connection.subscribe(channel);
  }

  async quit(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.connection?.quit();
  }

  disconnect(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.connection?.disconnect();
  }

  private connect(): void {
    const nodes = this.nodes();
    const node = nodes[this.hop++ % nodes.length];
    // No reconnection of its own: a lost node is left for the next one in the list.
    const c = new Redis({
      ...this.options,
      host: node.host,
      port: node.port,
      retryStrategy: () => null,
      enableOfflineQueue: true,
    });
    this.connection = c;
    c.on('error', () => undefined);
    c.on('ready', () => {
      this.failures = 0;
      if (this.channels.size) c.subscribe(...this.channels).catch(() => c.disconnect());
      this.emit('ready');
    });
    c.on('message', (channel: string, message: string) => this.emit('message', channel, message));
    c.on('close', () => this.emit('close'));
    c.once('end', () => {
      if (this.stopped) return;
      const delay = Math.min(100 * this.failures++, HOP_DELAY_MAX_MS);
      this.timer = setTimeout(() => this.connect(), delay).unref();
    });
  }
}
