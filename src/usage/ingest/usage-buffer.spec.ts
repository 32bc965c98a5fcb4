import { Logger } from '@nestjs/common';
import { MetricsService } from '../../common/metrics/metrics.service';
import { MemoryStore } from '../../common/store/memory.store';
import { AppConfig } from '../../config/app-config';
import { BackPressureException } from './back-pressure.exception';
import { PendingEvent } from './pending-event';
import { CommitResult, UsageBatchCommitter } from './usage-batch-committer';
import { MAX_EVENTS_PER_FLUSH, UsageBuffer } from './usage-buffer';

const event = (endpoint = '/p'): PendingEvent => ({
  keyId: 'k',
  serviceId: 's',
  endpoint,
  statusCode: 200,
  responseTimeMs: 1,
  predictionsCount: 0,
  computeMs: 0,
  modelId: null,
  idempotencyKey: null,
  occurredAt: new Date(0),
});

/** A committer whose commits finish when the test says so, recording what each carried. */
class GatedCommitter {
  batches: PendingEvent[][] = [];
  private gates: (() => void)[] = [];
  failures: Error[] = [];
  /** Commit at once instead of waiting for releaseAll. */
  open = false;

  commit(events: PendingEvent[]): Promise<CommitResult> {
    this.batches.push(events);
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    const result: CommitResult = { outcomes: events.map(() => ({ kind: 'stored' })), inserted: events.length };
    return this.open ? Promise.resolve(result) : new Promise((resolve) => this.gates.push(() => resolve(result)));
  }

  async releaseAll(): Promise<void> {
    while (this.gates.length || (await settle(), this.gates.length)) this.gates.shift()!();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function makeBuffer(capacity = 100) {
  const committer = new GatedCommitter();
  const metrics = new MetricsService(new MemoryStore());
  const sut = new UsageBuffer(committer as unknown as UsageBatchCommitter, metrics, {
    usageBufferMaxEvents: capacity,
  } as AppConfig);
  return { sut, committer, metrics };
}

describe('UsageBuffer (group commit)', () => {
  it('carries requests of the same turn in one commit and answers only after it committed', async () => {
    const { sut, committer } = makeBuffer();
    let answered = 0;
    const pending = Array.from({ length: 50 }, (_, i) => sut.submit([event(`/${i}`)]).then((o) => (answered++, o)));
    await settle();
    expect(committer.batches.map((b) => b.length)).toEqual([50]);
    expect(answered).toBe(0);
    await committer.releaseAll();
    expect(await Promise.all(pending)).toEqual(Array.from({ length: 50 }, () => [{ kind: 'stored' }]));
  });

  it('collects what arrives during a flush into the next one, and never splits a request', async () => {
    const { sut, committer } = makeBuffer(10_000);
    const first = sut.submit([event()]);
    await settle();
    const during = [
      sut.submit(Array.from({ length: 1500 }, () => event())),
      sut.submit(Array.from({ length: 1000 }, () => event())),
    ];
    await committer.releaseAll();
    await Promise.all([first, ...during]);
    expect(committer.batches.map((b) => b.length)).toEqual([1, 1500, 1000]);
    expect(MAX_EVENTS_PER_FLUSH).toBe(2000);
  });

  it('observes each flush: its events and how long its requests waited for the commit', async () => {
    const { sut, committer, metrics } = makeBuffer(10_000);
    const first = sut.submit([event()]);
    await settle();
    const second = sut.submit([event(), event(), event()]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await committer.releaseAll();
    await Promise.all([first, second]);
    const events = (await metrics.usageFlushEvents.get()).values;
    expect(events.find((v) => v.metricName?.endsWith('_count'))?.value).toBe(2);
    expect(events.find((v) => v.metricName?.endsWith('_sum'))?.value).toBe(4);
    const durations = (await metrics.usageFlushDuration.get()).values;
    expect(durations.find((v) => v.metricName?.endsWith('_count'))?.value).toBe(2);
    // The first flush was held 30 ms before it was let commit.
    expect(durations.find((v) => v.metricName?.endsWith('_sum'))?.value).toBeGreaterThanOrEqual(0.025);
  });

  it('answers 503 past its capacity instead of growing, and counts what waits', async () => {
    const { sut, committer, metrics } = makeBuffer(3);
    const accepted = sut.submit([event(), event()]);
    await expect(sut.submit([event(), event()])).rejects.toBeInstanceOf(BackPressureException);
    const last = sut.submit([event()]);
    expect((await metrics.snapshot()).usage_events.buffered).toBe(3);
    await committer.releaseAll();
    await Promise.all([accepted, last]);
    expect((await metrics.snapshot()).usage_events).toEqual({ buffered: 0, flushed: 3 });
  });

  it('retries a deadlocked flush, and answers 503 when a flush fails otherwise', async () => {
    const { sut, committer } = makeBuffer();
    committer.open = true;
    committer.failures.push(Object.assign(new Error('deadlock detected'), { code: '40P01' }));
    const retried = sut.submit([event()]);
    expect(await retried).toEqual([{ kind: 'stored' }]);
    expect(committer.batches).toHaveLength(2);
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    committer.failures.push(Object.assign(new Error('connection lost'), { code: 'ECONNRESET' }));
    await expect(sut.submit([event()])).rejects.toBeInstanceOf(BackPressureException);
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({ events: 1 }),
      'Usage flush failed; its requests are answered 503',
    );
    logged.mockRestore();
  });

  it('on shutdown commits everything accepted, then refuses new events', async () => {
    const { sut, committer } = makeBuffer();
    const accepted = [sut.submit([event()]), sut.submit([event()])];
    let drained = false;
    const drain = sut.beforeApplicationShutdown().then(() => (drained = true));
    await expect(sut.submit([event()])).rejects.toBeInstanceOf(BackPressureException);
    await settle();
    expect(drained).toBe(false);
    await committer.releaseAll();
    await drain;
    expect(await Promise.all(accepted)).toEqual([[{ kind: 'stored' }], [{ kind: 'stored' }]]);
  });
});
