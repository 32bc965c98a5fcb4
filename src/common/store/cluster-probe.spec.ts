import { Logger } from '@nestjs/common';
import type { Cluster } from 'ioredis';
import { ClusterProbe } from './cluster-probe';

/** A master as the probe sees it: its answer to CLUSTER INFO (or a timeout) and whether it was dropped. */
class FakeMaster {
  dropped = false;
  readonly options = { host: '10.0.0.7', port: 6379 };
  constructor(public answer: 'ok' | 'fail' | 'timeout') {}
  call(): Promise<string> {
    if (this.answer === 'timeout') return Promise.reject(new Error('Command timed out'));
    return Promise.resolve(`cluster_enabled:1\r\ncluster_state:${this.answer}\r\n`);
  }
  disconnect(): void {
    this.dropped = true;
  }
}

function probeOf(masters: FakeMaster[]) {
  const refreshSlotsCache = jest.fn();
  const cluster = { nodes: () => masters, refreshSlotsCache } as unknown as Cluster;
  return { probe: new ClusterProbe(cluster), refreshSlotsCache };
}

async function probeTimes(probe: ClusterProbe, times: number): Promise<boolean[]> {
  const results: boolean[] = [];
  for (let i = 0; i < times; i++) results.push(await probe.answers());
  return results;
}

describe('ClusterProbe', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => (warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined)));
  afterEach(() => jest.restoreAllMocks());

  it('is true when every master answers and reports the cluster whole, and leaves the pool alone', async () => {
    const masters = [new FakeMaster('ok'), new FakeMaster('ok'), new FakeMaster('ok')];
    const { probe, refreshSlotsCache } = probeOf(masters);
    expect(await probeTimes(probe, 5)).toEqual([true, true, true, true, true]);
    expect(masters.some((m) => m.dropped)).toBe(false);
    expect(refreshSlotsCache).not.toHaveBeenCalled();
  });

  it('is false while a master reports the cluster failed, and reads the slot map again each time', async () => {
    const { probe, refreshSlotsCache } = probeOf([new FakeMaster('ok'), new FakeMaster('fail')]);
    expect(await probeTimes(probe, 2)).toEqual([false, false]);
    expect(refreshSlotsCache).toHaveBeenCalledTimes(2);
  });

  it('drops a connection silent through four probes in a row while another master answers (ioredis keeps it "ready")', async () => {
    const silent = new FakeMaster('timeout');
    const answering = new FakeMaster('ok');
    const { probe } = probeOf([answering, silent]);
    await probeTimes(probe, 3);
    expect(silent.dropped).toBe(false);
    expect(warn).not.toHaveBeenCalled();
    await probeTimes(probe, 1);
    expect(silent.dropped).toBe(true);
    expect(answering.dropped).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('10.0.0.7:6379 answered none of 4 probes'));
  });

  it('one answer in between starts the count again: a slow answer on a loaded machine is not a wedge', async () => {
    const flaky = new FakeMaster('timeout');
    const { probe } = probeOf([new FakeMaster('ok'), flaky]);
    await probeTimes(probe, 3);
    flaky.answer = 'ok';
    expect(await probeTimes(probe, 1)).toEqual([true]);
    flaky.answer = 'timeout';
    await probeTimes(probe, 3);
    expect(flaky.dropped).toBe(false);
  });

  it('drops none when every master is silent (Redis frozen): those connections come back when Redis does', async () => {
    const masters = [new FakeMaster('timeout'), new FakeMaster('timeout')];
    const { probe } = probeOf(masters);
    expect(await probeTimes(probe, 10)).toEqual(Array(10).fill(false));
    expect(masters.some((m) => m.dropped)).toBe(false);
  });

  it('is false with no master known, and asks for the slot map', async () => {
    const { probe, refreshSlotsCache } = probeOf([]);
    expect(await probe.answers()).toBe(false);
    expect(refreshSlotsCache).toHaveBeenCalledTimes(1);
  });
});
