import Redis, { Cluster, RedisOptions } from 'ioredis';
import type { HostPort, RedisTopology } from '../../config/redis-topology';
import { ClusterProbe } from './cluster-probe';
import { NodeHoppingSubscriber } from './node-hopping-subscriber';

/** What the store uses of a subscription connection, whichever topology serves it. */
export type SubscriberConnection = Redis | NodeHoppingSubscriber;

export interface RedisClients {
  commands: Redis | Cluster;
  subscriber: SubscriberConnection;
  /** True when every part of Redis this process writes to answers (every master, on a cluster). */
  probe: () => Promise<boolean>;
  /**
   * Whether a call needs a deadline of its own around it: a cluster client retries a redirected command with a
   * fresh commandTimeout each time; one node's commandTimeout already bounds the whole call.
   */
  retriesPastDeadline: boolean;
}

export interface ClientSettings {
  commandTimeoutMs: number;
  connectionName: string;
}

const SHARED: RedisOptions = {
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
  retryStrategy: (times: number) => Math.min(200 * times, 2000),
};

/**
 * The command and subscription connections for REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS (README "Which
 * Redis"). Commands never wait in an offline queue and each has the deadline; the subscriber waits for its
 * reconnect instead (a lease only grows from heartbeats heard through it).
 */
export function createRedisClients(topology: RedisTopology, settings: ClientSettings): RedisClients {
  const commandOptions: RedisOptions = {
    ...SHARED,
    enableOfflineQueue: false,
    commandTimeout: settings.commandTimeoutMs,
    connectionName: `${settings.connectionName}:commands`,
    // Each command is written at once; the one batch that matters, a turn's rate-limit counters, is pipelined by
    // the store itself (RedisStore.sendIncrements), without auto-pipelining's extra turn for a lone command.
    enableAutoPipelining: false,
  };
  const subscriberOptions: RedisOptions = {
    ...SHARED,
    enableOfflineQueue: true,
    // A SUBSCRIBE asked for before the first connection waits for it however many attempts fail: with a limit,
    // ioredis dropped it after two, the connection came up unsubscribed, and a replica started during a Redis
    // outage never heard a heartbeat again, so never trusted its cache (test/redis-start-outage).
    maxRetriesPerRequest: null,
    connectionName: `${settings.connectionName}:subscriber`,
  };
  if (topology.kind === 'single') {
    const commands = new Redis(topology.url, commandOptions);
    return {
      commands,
      subscriber: new Redis(topology.url, subscriberOptions),
      probe: () => pinged(commands),
      retriesPastDeadline: false,
    };
  }
  if (topology.kind === 'sentinel') {
    // failoverDetector: a +switch-master from the Sentinels drops the old master's connections at once.
    const sentinel = { sentinels: topology.sentinels, name: topology.name, failoverDetector: true };
    const commands = new Redis({ ...commandOptions, ...sentinel });
    const subscriber = new Redis({ ...subscriberOptions, ...sentinel });
    return { commands, subscriber, probe: () => pinged(commands), retriesPastDeadline: false };
  }
  const { retryStrategy, enableOfflineQueue, enableAutoPipelining: _batched, ...nodeOptions } = commandOptions;
  const commands = new Cluster(topology.nodes, {
    enableOfflineQueue,
    // No auto-pipelining on a cluster: when a pipeline's first command is refused because its slot's master is
    // missing from the pool (one was killed), ioredis queues the rest on a random master's connection and never
    // writes them, and that connection then owes replies for good: every later command on it gets an earlier one's
    // reply or none (test/redis-cluster, "slot killed"; ioredis issue 2075 is a relative). Each command is its own
    // write here; on one node and Sentinel the store pipelines a turn's rate-limit counters itself.
    enableAutoPipelining: false,
    clusterRetryStrategy: retryStrategy as (times: number) => number,
    scaleReads: 'master',
    slotsRefreshTimeout: 1000,
    natMap: topology.natMap,
    redisOptions: nodeOptions,
  });
  const known = (): HostPort[] => {
    const nodes = commands.nodes('all').map((n) => ({ host: n.options.host!, port: n.options.port! }));
    return nodes.length ? nodes : topology.nodes;
  };
  const { retryStrategy: _ignored, ...hopOptions } = subscriberOptions;
  const subscriber = new NodeHoppingSubscriber(known, hopOptions);
  const probe = new ClusterProbe(commands);
  return { commands, subscriber, probe: () => probe.answers(), retriesPastDeadline: true };
}

async function pinged(redis: Redis): Promise<boolean> {
  return redis.ping().then(
    () => true,
    () => false,
  );
}
