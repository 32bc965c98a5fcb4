import type { Cluster, Redis } from 'ioredis';

// The store's Lua scripts, defined as commands on its client (one round trip each, one key each).

// One round trip: add, start the window on the first hit, and report the count and the window's end.
const INCREMENT_WINDOW = `
local c = redis.call('INCRBY', KEYS[1], ARGV[2])
if c == tonumber(ARGV[2]) then redis.call('PEXPIREAT', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIREAT', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) - tonumber(ARGV[3]) end
return {c, ttl}`;

// One command where a MULTI was: on a cluster, ioredis sends a transaction as a pipeline, and a pipeline whose
// first command is refused while its slot's master is missing from the client's pool (one was killed) leaves the
// rest queued on a random master's connection unsent, owing replies forever (test/redis-cluster, "slot killed").
const HEARTBEAT = `
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
redis.call('PUBLISH', ARGV[4], ARGV[5])
return 1`;

export type WindowClient = (Redis | Cluster) & {
  incrementWindow(key: string, resetAtMs: number, by: number, now: number): Promise<[number, number]>;
  heartbeat(
    group: string,
    expiresAt: number,
    member: string,
    now: number,
    channel: string,
    message: string,
  ): Promise<number>;
};

/** A pipeline of the client above, with the script defined on it. */
export interface IncrementPipeline {
  incrementWindow(key: string, resetAtMs: number, by: number, now: number): IncrementPipeline;
  exec(): Promise<[Error | null, unknown][] | null>;
}

/** The client with both scripts defined on it as commands. */
export function withScripts(client: Redis | Cluster): WindowClient {
  client.defineCommand('incrementWindow', { numberOfKeys: 1, lua: INCREMENT_WINDOW });
  client.defineCommand('heartbeat', { numberOfKeys: 1, lua: HEARTBEAT });
  return client as WindowClient;
}
