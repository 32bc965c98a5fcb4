import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';

/** True when redis-server and redis-cli are installed: the cluster and Sentinel suites start their own servers. */
export function redisServerInstalled(): boolean {
  return ['redis-server', 'redis-cli'].every((bin) => spawnSync(bin, ['--version']).status === 0);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * `count` loopback ports free now, from a high range other suites and services leave alone; with `busOffset`, the
 * port that far above each must be free too (a cluster node's bus listens on port + 10000).
 */
export async function freePorts(count: number, busOffset = 0): Promise<number[]> {
  const found: number[] = [];
  const start = 27000 + Math.floor(Math.random() * 2000);
  for (let port = start; found.length < count && port < 30000; port++) {
    if ((await portFree(port)) && (!busOffset || (await portFree(port + busOffset)))) found.push(port);
  }
  if (found.length < count) throw new Error('no free loopback ports in 27000-29999');
  return found;
}

/** Starts one redis-server with the given arguments (first may be a config file) and waits for its PING. */
export async function startRedisServer(port: number, args: string[]): Promise<ChildProcess> {
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  await waitFor(async () => {
    const redis = new Redis(port, '127.0.0.1', {
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      return (await redis.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      redis.disconnect();
    }
  }, `redis-server on ${port}`);
  return child;
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** `what` may be a function: what is still missing, read when the wait gives up. */
export async function waitFor(
  ok: () => Promise<boolean>,
  what: string | (() => Promise<string>),
  timeoutMs = 15_000,
): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!(await ok())) {
    if (performance.now() > until)
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : await what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
