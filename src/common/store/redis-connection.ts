import type { Cluster, Redis } from 'ioredis';
import type { SubscriberConnection } from './redis-clients';

/**
 * The deadline around a whole call, beside each command's own commandTimeout: a cluster client may retry a command
 * after a redirection or a CLUSTERDOWN, each try with a fresh timeout, and a request must not wait for all of them.
 */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('Redis deadline')), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const QUIT_WAIT_MS = 500;

/** QUIT when connected, but never wait on a frozen server; then stop reconnecting whatever the answer. */
export async function closeConnection(redis: Redis | Cluster | SubscriberConnection): Promise<void> {
  if (redis.status === 'ready') {
    const waited = new Promise((resolve) => setTimeout(resolve, QUIT_WAIT_MS).unref());
    await Promise.race([redis.quit().catch(() => undefined), waited]);
  }
  redis.disconnect();
}
