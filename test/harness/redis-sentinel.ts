import { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePorts, startRedisServer, stopProcess, waitFor } from './local-servers';

export const SENTINEL_MASTER = 'hokusai';

/** One master and one Sentinel watching it, on free loopback ports: the smallest Sentinel setup CI can build. */
export class RedisSentinelRig {
  private master?: ChildProcess;
  private sentinel?: ChildProcess;

  private constructor(
    readonly masterPort: number,
    readonly sentinelPort: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<RedisSentinelRig> {
    const [masterPort, sentinelPort] = await freePorts(2);
    const rig = new RedisSentinelRig(masterPort, sentinelPort, mkdtempSync(join(tmpdir(), 'hk-sentinel-')));
    await rig.startMaster();
    const conf = join(rig.dir, 'sentinel.conf');
    // Sentinel rewrites its own file, so it gets one of its own.
    writeFileSync(
      conf,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${rig.dir}`,
        `sentinel monitor ${SENTINEL_MASTER} 127.0.0.1 ${masterPort} 1`,
        `sentinel down-after-milliseconds ${SENTINEL_MASTER} 1000`,
      ].join('\n'),
    );
    rig.sentinel = await startRedisServer(sentinelPort, [conf, '--sentinel']);
    const sentinel = new Redis(sentinelPort, '127.0.0.1');
    await waitFor(async () => {
      const addr = (await sentinel.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', SENTINEL_MASTER)) as string[] | null;
      return addr?.[1] === String(masterPort);
    }, 'the Sentinel to name the master');
    sentinel.disconnect();
    return rig;
  }

  get env(): Record<string, string | undefined> {
    return {
      REDIS_URL: undefined,
      REDIS_SENTINELS: `127.0.0.1:${this.sentinelPort}`,
      REDIS_SENTINEL_NAME: SENTINEL_MASTER,
    };
  }

  async killMaster(): Promise<void> {
    await stopProcess(this.master!, 'SIGKILL');
  }

  async startMaster(): Promise<void> {
    this.master = await startRedisServer(this.masterPort, [
      '--port',
      String(this.masterPort),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      this.dir,
    ]);
  }

  async stop(): Promise<void> {
    await Promise.all([this.master, this.sentinel].filter((p): p is ChildProcess => !!p).map((p) => stopProcess(p)));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
