import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { MemoryStore } from './memory.store';
import { Store, WindowCount } from './store.port';

// One round trip: add, start the window on the first hit, and report the count and the window's end.
const INCREMENT_WINDOW = `
local c = redis.call('INCRBY', KEYS[1], ARGV[2])
if c == tonumber(ARGV[2]) then redis.call('PEXPIREAT', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIREAT', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) - tonumber(ARGV[3]) end
return {c, ttl}`;

type WindowClient = Redis & {
  incrementWindow(key: string, resetAtMs: number, by: number, now: number): Promise<[number, number]>;
};

/**
 * Redis-backed Store. Commands fail fast while Redis is down (no offline queue) and are then served from an
 * in-memory fallback, so validation keeps answering; /ready reports degraded (ARCHITECTURE.md "Rate limits").
 */
export class RedisStore extends Store {
  private readonly logger = new Logger('RedisStore');
  private readonly client: WindowClient;
  private readonly subscriber: Redis;
  private readonly fallback = new MemoryStore();
  private readonly handlers = new Map<string, ((message: string) => void)[]>();
  private readonly recoveredHandlers: (() => void)[] = [];
  private wasDown = false;

  constructor(url: string) {
    super();
    const options = {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      retryStrategy: (times: number) => Math.min(200 * times, 2000),
      lazyConnect: false,
    };
    this.client = new Redis(url, options) as WindowClient;
    this.client.defineCommand('incrementWindow', { numberOfKeys: 1, lua: INCREMENT_WINDOW });
    this.subscriber = new Redis(url, { ...options, enableOfflineQueue: true });
    this.client.on('error', () => this.markDown());
    this.client.on('close', () => this.markDown());
    this.client.on('ready', () => this.markUp());
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (channel: string, message: string) => {
      for (const h of this.handlers.get(channel) ?? []) h(message);
    });
  }

  get degraded(): boolean {
    return this.client.status !== 'ready';
  }

  private markDown(): void {
    if (this.wasDown || this.client.status === 'end') return;
    this.wasDown = true;
    this.logger.warn('Redis unreachable: serving counters and caches from memory until it returns');
  }

  private markUp(): void {
    if (!this.wasDown) return;
    this.wasDown = false;
    this.logger.log('Redis reachable again');
    for (const h of this.recoveredHandlers) h();
  }

  private async attempt<T>(op: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    if (this.degraded) return fallback();
    try {
      return await op();
    } catch {
      this.markDown();
      return fallback();
    }
  }

  incrementWindow(key: string, resetAtMs: number, by = 1): Promise<WindowCount> {
    return this.attempt(
      async () => {
        const now = Date.now();
        const [count, ttl] = await this.client.incrementWindow(key, resetAtMs, by, now);
        return { count, resetAtMs: now + ttl };
      },
      () => this.fallback.incrementWindow(key, resetAtMs, by),
    );
  }

  get(key: string): Promise<string | null> {
    return this.attempt(() => this.client.get(key), () => this.fallback.get(key));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.attempt(
      async () => void (await this.client.set(key, value, 'PX', Math.max(1, Math.ceil(ttlMs)))),
      () => this.fallback.set(key, value, ttlMs),
    );
  }

  async del(...keys: string[]): Promise<void> {
    await this.fallback.del(...keys);
    await this.attempt(async () => void (await this.client.del(...keys)), async () => undefined);
  }

  publish(channel: string, message: string): Promise<void> {
    return this.attempt(
      async () => void (await this.client.publish(channel, message)),
      () => this.fallback.publish(channel, message),
    );
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<void> {
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
    await this.fallback.subscribe(channel, handler);
    const subscribed = this.subscriber.subscribe(channel).catch(() => undefined);
    // While Redis is down the command waits in ioredis's queue for the reconnect; never hold start-up on it.
    if (this.subscriber.status === 'ready') await subscribed;
  }

  // A sorted set scored by each member's expiry: one key, so it stays Redis Cluster-safe.
  announce(group: string, member: string, ttlMs: number): Promise<void> {
    return this.attempt(
      async () => {
        const now = Date.now();
        await this.client.multi().zadd(group, now + ttlMs, member).zremrangebyscore(group, '-inf', now).exec();
      },
      () => this.fallback.announce(group, member, ttlMs),
    );
  }

  members(group: string): Promise<string[]> {
    return this.attempt(() => this.client.zrangebyscore(group, Date.now(), '+inf'), () => this.fallback.members(group));
  }

  async withdraw(group: string, member: string): Promise<void> {
    await this.fallback.withdraw(group, member);
    await this.attempt(async () => void (await this.client.zrem(group, member)), async () => undefined);
  }

  onRecovered(handler: () => void): void {
    this.recoveredHandlers.push(handler);
  }

  async ping(timeoutMs: number): Promise<boolean> {
    if (this.degraded) return false;
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    return Promise.race([this.client.ping().then(() => true, () => false), timeout]);
  }

  async close(): Promise<void> {
    await Promise.allSettled([closeConnection(this.client), closeConnection(this.subscriber)]);
    await this.fallback.close();
  }
}

/** QUIT when connected; otherwise stop reconnecting at once (a QUIT would wait in the offline queue forever). */
async function closeConnection(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit();
  else redis.disconnect();
}
