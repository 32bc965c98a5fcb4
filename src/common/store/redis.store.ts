import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { RedisTopology } from '../../config/redis-topology';
import { MemoryStore } from './memory.store';
import { RedisAvailability } from './redis-availability';
import { createRedisClients, SubscriberConnection } from './redis-clients';
import { CounterOwner, Store, WindowCount } from './store.port';
import { type WindowIncrement, WindowIncrements } from './window-increments';
import { closeConnection, withDeadline } from './redis-connection';
import { type IncrementPipeline, type WindowClient, withScripts } from './redis-scripts';

export interface RedisStoreOptions {
  /** Deadline of every command (REDIS_COMMAND_TIMEOUT_MS). */
  commandTimeoutMs: number;
}

/**
 * Redis-backed Store on one node, a Redis Cluster or a Sentinel-managed master (createRedisClients). Every key is
 * touched alone (one slot per command and per script), so no name needs more than its hash tag on a cluster. Every command has a deadline and none waits in an offline queue: a call that fails or runs
 * past the deadline marks Redis down, and until a PING answers again counters and cache values are served from an
 * in-memory fallback (ARCHITECTURE.md "Rate limits"). Publishing has no fallback: a message that cannot reach
 * Redis is reported unsent, so the invalidation bus can wait out the other replicas' leases instead.
 */
export class RedisStore extends Store {
  private readonly client: WindowClient;
  private readonly subscriber: SubscriberConnection;
  private readonly availability: RedisAvailability;
  private readonly probe: () => Promise<boolean>;
  /** 0 where the client's own commandTimeout bounds a whole call (one node, Sentinel): no timer per call. */
  private readonly deadlineMs: number;
  private readonly fallback = new MemoryStore(false);
  /** A hot key's validations of one event-loop turn as one script call (window-increments.ts). */
  private readonly increments = new WindowIncrements((adds) => this.sendIncrements(adds));
  /** One node or Sentinel: a turn's counters may leave in one pipeline. Never on a cluster (redis-clients.ts). */
  private readonly pipelines: boolean;
  private readonly handlers = new Map<string, ((message: string) => void)[]>();
  private readonly subscriptionHandlers: ((connected: boolean) => void)[] = [];
  private subscriberUp = false;
  /** Prefix of both connections' names in CLIENT LIST (host, pid, instance), so an operator can tell replicas apart. */
  readonly connectionName = `hokusai:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  constructor(topology: RedisTopology, options: RedisStoreOptions) {
    super();
    const clients = createRedisClients(topology, {
      commandTimeoutMs: options.commandTimeoutMs,
      connectionName: this.connectionName,
    });
    this.deadlineMs = clients.retriesPastDeadline ? options.commandTimeoutMs : 0;
    this.pipelines = topology.kind !== 'cluster';
    this.client = withScripts(clients.commands);
    this.probe = clients.probe;
    this.availability = new RedisAvailability(this.client, clients.probe);
    // No command deadline here: SUBSCRIBE is re-sent after each reconnect, and a lease only ever grows from a
    // heartbeat heard through this connection, so a slow or frozen subscriber costs the lease, not a request.
    this.subscriber = clients.subscriber;
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('ready', () => this.subscriberChanged(true));
    this.subscriber.on('close', () => this.subscriberChanged(false));
    this.subscriber.on('message', (channel: string, message: string) => {
      for (const h of this.handlers.get(channel) ?? []) h(message);
    });
  }

  get degraded(): boolean {
    return this.availability.degraded;
  }

  private subscriberChanged(up: boolean): void {
    if (up === this.subscriberUp) return;
    this.subscriberUp = up;
    for (const h of this.subscriptionHandlers) h(up);
  }

  private async attempt<T>(op: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    if (this.degraded) return fallback();
    try {
      return await (this.deadlineMs ? withDeadline(op(), this.deadlineMs) : op());
    } catch {
      this.availability.markDown();
      return fallback();
    }
  }

  incrementWindow(key: string, resetAtMs: number, by = 1, owner: CounterOwner = 'address'): Promise<WindowCount> {
    return this.increments.add({ key, resetAtMs, by, owner });
  }

  /**
   * A turn's counters: a lone one as one command, written at once; several, on one node or Sentinel, as one
   * pipeline, one write. No auto-pipelining: it wrapped even a lone command in a pipeline a turn later, which at an
   * even pace (a validation alone in its turn) cost every validation that turn and the pipeline's objects.
   */
  private sendIncrements(adds: readonly WindowIncrement[]): Promise<WindowCount[]> {
    const fallback = (a: WindowIncrement) => this.fallback.incrementWindow(a.key, a.resetAtMs, a.by, a.owner);
    if (adds.length > 1 && this.pipelines)
      return this.attempt(
        () => this.pipelinedIncrements(adds),
        () => Promise.all(adds.map(fallback)),
      );
    return Promise.all(
      adds.map((a) =>
        this.attempt(
          async () => {
            const now = Date.now();
            const [count, ttl] = await this.client.incrementWindow(a.key, a.resetAtMs, a.by, now);
            return { count, resetAtMs: now + ttl };
          },
          () => fallback(a),
        ),
      ),
    );
  }

  private async pipelinedIncrements(adds: readonly WindowIncrement[]): Promise<WindowCount[]> {
    const now = Date.now();
    const pipeline = this.client.pipeline() as unknown as IncrementPipeline;
    for (const a of adds) pipeline.incrementWindow(a.key, a.resetAtMs, a.by, now);
    const replies = (await pipeline.exec()) ?? [];
    if (replies.length !== adds.length) throw new Error('Redis pipeline answered short');
    return replies.map(([err, reply]) => {
      if (err) throw err;
      const [count, ttl] = reply as [number, number];
      return { count, resetAtMs: now + ttl };
    });
  }

  get(key: string): Promise<string | null> {
    return this.attempt(
      () => this.client.get(key),
      () => this.fallback.get(key),
    );
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.attempt(
      async () => void (await this.client.set(key, value, 'PX', Math.max(1, Math.ceil(ttlMs)))),
      () => this.fallback.set(key, value, ttlMs),
    );
  }

  async del(...keys: string[]): Promise<void> {
    await this.fallback.del(...keys);
    await this.attempt(
      async () => void (await this.client.del(...keys)),
      () => Promise.resolve(),
    );
  }

  publish(channel: string, message: string): Promise<boolean> {
    return this.attempt(
      async () => (await this.client.publish(channel, message), true),
      () => Promise.resolve(false),
    );
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<void> {
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
    const subscribed = this.subscriber.subscribe(channel).catch(() => undefined);
    // While Redis is down the command waits in ioredis's queue for the reconnect; never hold start-up on it.
    if (this.subscriber.status === 'ready') await subscribed;
  }

  onSubscription(handler: (connected: boolean) => void): void {
    this.subscriptionHandlers.push(handler);
  }

  // The group is a sorted set scored by each member's expiry: one key, so it stays Redis Cluster-safe.
  heartbeat(group: string, member: string, ttlMs: number, channel: string, message: string): Promise<boolean> {
    return this.attempt(
      async () => {
        const now = Date.now();
        await this.client.heartbeat(group, now + ttlMs, member, now, channel, message);
        return true;
      },
      () => Promise.resolve(false),
    );
  }

  members(group: string): Promise<string[] | null> {
    return this.attempt(
      () => this.client.zrangebyscore(group, Date.now(), '+inf'),
      () => Promise.resolve(null),
    );
  }

  async withdraw(group: string, member: string): Promise<void> {
    await this.attempt(
      async () => void (await this.client.zrem(group, member)),
      () => Promise.resolve(),
    );
  }

  async ping(timeoutMs: number): Promise<boolean> {
    if (this.degraded) return false;
    const answered = this.probe().then(
      (up) => up || (this.availability.markDown(), false),
      () => (this.availability.markDown(), false),
    );
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    return Promise.race([answered, timeout]);
  }

  async close(): Promise<void> {
    this.availability.stop();
    await Promise.allSettled([closeConnection(this.client), closeConnection(this.subscriber)]);
    await this.fallback.close();
  }
}
