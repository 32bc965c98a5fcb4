import Redis, { Cluster, RedisOptions } from 'ioredis';
import type { HostPort, RedisTopology } from '../../config/redis-topology';
import { NodeHoppingSubscriber } from './node-hopping-subscriber';

/** What the store uses of a subscription connection, whichever topology serves it. */
export type SubscriberConnection = Redis | NodeHoppingSubscriber;

export interface RedisClients {
  commands: Redis | Cluster;
  subscriber: SubscriberConnection;
  /** True when every part of Redis this process writes to answers (every master, on a cluster). */
  probe(): Promise<boolean>;
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
  };
  const subscriberOptions: RedisOptions = { ...SHARED, enableOfflineQueue: true, connectionName: `${settings.connectionName}:subscriber` };
  if (topology.kind === 'single') {
    const commands = new Redis(topology.url, commandOptions);
    return { commands, subscriber: new Redis(topology.url, subscriberOptions), probe: () => pinged(commands) };
  }
  if (topology.kind === 'sentinel') {
    // failoverDetector: a +switch-master from the Sentinels drops the old master's connections at once.
    const sentinel = { sentinels: topology.sentinels, name: topology.name, failoverDetector: true };
    const commands = new Redis({ ...commandOptions, ...sentinel });
    return { commands, subscriber: new Redis({ ...subscriberOptions, ...sentinel }), probe: () => pinged(commands) };
  }
  const { retryStrategy, enableOfflineQueue, ...nodeOptions } = commandOptions;
  const commands = new Cluster(topology.nodes, {
    enableOfflineQueue,
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
  return { commands, subscriber: new NodeHoppingSubscriber(known, hopOptions), probe: () => clusterAnswers(commands) };
}

async function pinged(redis: Redis): Promise<boolean> {
  return redis.ping().then(() => true, () => false);
}

/** Every master answers and reports the cluster whole: a node that is down leaves some key's slot unserved. */
async function clusterAnswers(cluster: Cluster): Promise<boolean> {
  const masters = cluster.nodes('master');
  if (!masters.length) return false;
  const states = await Promise.all(
    masters.map((m) => m.call('CLUSTER', 'INFO').then((info) => /cluster_state:ok/.test(String(info)), () => false)),
  );
  return states.every(Boolean);
}
