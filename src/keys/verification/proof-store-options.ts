import type KeyvRedis from '@keyv/redis';
import type { HostPort, RedisTopology } from '../../config/redis-topology';

/** What KeyvRedis accepts: node-redis client, cluster or Sentinel options (createKeyv's type names only the first). */
export type ProofStoreConnection = NonNullable<ConstructorParameters<typeof KeyvRedis>[0]>;

const RECONNECT_MAX_MS = 2000;

const SOCKET = {
  connectTimeout: 2000,
  reconnectStrategy: (retries: number) => Math.min(200 * (retries + 1), RECONNECT_MAX_MS),
};

/**
 * @keyv/redis connection options for the proof tier, on the same topology as the Store: node-redis's client,
 * cluster (createCluster's options, recognised by `rootNodes`) or Sentinel (by `sentinelRootNodes`). No offline
 * queue anywhere: a proof that cannot be read in time is a miss, never a wait.
 */
export function proofStoreOptions(topology: RedisTopology): ProofStoreConnection {
  if (topology.kind === 'single') return { url: topology.url, disableOfflineQueue: true, socket: SOCKET };
  if (topology.kind === 'sentinel') {
    return {
      name: topology.name,
      sentinelRootNodes: topology.sentinels,
      nodeClientOptions: { disableOfflineQueue: true, socket: SOCKET },
      sentinelClientOptions: { socket: SOCKET },
    };
  }
  const natMap = topology.natMap;
  return {
    rootNodes: topology.nodes.map((n) => ({ url: `redis://${address(n)}` })),
    defaults: { disableOfflineQueue: true, socket: SOCKET },
    ...(natMap ? { nodeAddressMap: (announced: string) => natMap[announced] } : {}),
  };
}

function address({ host, port }: HostPort): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
