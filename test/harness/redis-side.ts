import type { Cluster } from 'ioredis';
import { InvalidationBus } from '../../src/keys/verification/invalidation-bus';
import type { TestApp } from './test-app';

interface StoreInsides {
  client?: { status: string } & Partial<Pick<Cluster, 'nodes'>>;
  subscriber?: { status: string };
  availability?: { down: boolean; probing: boolean };
}

/**
 * What a replica's Redis side looks like, for the message of a test that waited in vain for it to recover: which of
 * the conditions (the store's availability, the command and subscription connections, the cache lease) is missing,
 * and on a cluster what each master the client knows answers to CLUSTER INFO.
 */
export async function redisSideOf(replica: TestApp, index: number): Promise<string> {
  const store = replica.store as unknown as StoreInsides;
  const masters = store.client?.nodes?.('master') ?? [];
  const answers = await Promise.all(
    masters.map(async (m) => {
      const info = await m.call('CLUSTER', 'INFO').then(String, (e: Error) => e.message);
      const queued = (m as unknown as { commandQueue: { length: number } }).commandQueue.length;
      const state = /cluster_state:\w+/.exec(info)?.[0] ?? info;
      return `${m.options.port} ${m.status} from ${m.stream?.localPort} queued ${queued} ${state}`;
    }),
  );
  return [
    `replica ${index}: degraded ${replica.store.degraded}`,
    `marked down ${store.availability?.down}`,
    `probing ${store.availability?.probing}`,
    `commands ${store.client?.status}`,
    ...(masters.length ? [`masters [${answers.join(' | ')}]`] : []),
    `subscriber ${store.subscriber?.status}`,
    `lease held ${replica.app.get(InvalidationBus).lease.held}`,
  ].join(', ');
}

/** redisSideOf for every replica. */
export async function redisSidesOf(replicas: TestApp[]): Promise<string> {
  return (await Promise.all(replicas.map(redisSideOf))).join('; ');
}
