/** One Redis node or Sentinel address as written in REDIS_CLUSTER_NODES or REDIS_SENTINELS. */
export interface HostPort {
  host: string;
  port: number;
}

/**
 * Where the shared state lives (README "Which Redis"): one node (REDIS_URL), a Redis Cluster (REDIS_CLUSTER_NODES,
 * seed nodes; the client learns the rest), or a master found through Sentinel (REDIS_SENTINELS + REDIS_SENTINEL_NAME).
 * `natMap` translates the addresses a cluster announces into ones this process can reach (a cluster behind NAT, and
 * the fault tests' proxies); it has no variable of its own.
 */
export type RedisTopology =
  | { kind: 'single'; url: string }
  | { kind: 'cluster'; nodes: HostPort[]; natMap?: Record<string, HostPort> }
  | { kind: 'sentinel'; sentinels: HostPort[]; name: string };

export interface RedisVariables {
  REDIS_URL?: string;
  REDIS_CLUSTER_NODES?: string;
  REDIS_SENTINELS?: string;
  REDIS_SENTINEL_NAME?: string;
}

const TOPOLOGY_VARIABLES = ['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'] as const;

/** Exactly one of the three forms, or none (memory); anything else is one line naming the variables. */
export function parseRedisTopology(env: RedisVariables): { value: RedisTopology | undefined } | { problem: string } {
  const set = TOPOLOGY_VARIABLES.filter((name) => env[name] !== undefined);
  if (set.length > 1) {
    return {
      problem: `${set.join(' and ')} are both set: choose one Redis topology (REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS)`,
    };
  }
  if (env.REDIS_SENTINEL_NAME !== undefined && env.REDIS_SENTINELS === undefined) {
    return { problem: 'REDIS_SENTINEL_NAME is set without REDIS_SENTINELS' };
  }
  if (env.REDIS_URL !== undefined) return { value: { kind: 'single', url: env.REDIS_URL } };
  if (env.REDIS_CLUSTER_NODES !== undefined) {
    const nodes = parseHostPorts(env.REDIS_CLUSTER_NODES);
    return nodes
      ? { value: { kind: 'cluster', nodes } }
      : { problem: 'REDIS_CLUSTER_NODES must be a comma-separated list of host:port' };
  }
  if (env.REDIS_SENTINELS !== undefined) {
    const sentinels = parseHostPorts(env.REDIS_SENTINELS);
    if (!sentinels) return { problem: 'REDIS_SENTINELS must be a comma-separated list of host:port' };
    if (!env.REDIS_SENTINEL_NAME)
      return {
        problem: 'REDIS_SENTINEL_NAME must be set when REDIS_SENTINELS is (the master name the Sentinels watch)',
      };
    return { value: { kind: 'sentinel', sentinels, name: env.REDIS_SENTINEL_NAME } };
  }
  return { value: undefined };
}

/** `host:port,host:port`; IPv6 hosts in brackets (`[::1]:7000`). Null when any entry is not of that form. */
export function parseHostPorts(list: string): HostPort[] | null {
  const entries = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const parsed = entries.map((entry) => {
    const m = /^(?:\[([^\]]+)\]|([^:\s[\]]+)):(\d{1,5})$/.exec(entry);
    const port = m ? Number(m[3]) : 0;
    return m && port >= 1 && port <= 65535 ? { host: m[1] ?? m[2], port } : null;
  });
  return parsed.length && parsed.every(Boolean) ? (parsed as HostPort[]) : null;
}
