import { performance } from 'node:perf_hooks';
import { MemoryStore } from '../../common/store/memory.store';
import type { AppConfig } from '../../config/app-config';
import { InvalidationBus, REPLICAS } from './invalidation-bus';

/** A shared store whose publishing can fail, as Redis does when down or past its deadline. */
class FlakyStore extends MemoryStore {
  failing = false;
  readonly published: string[] = [];
  private readonly subscriptionHandlers: ((connected: boolean) => void)[] = [];

  override async publish(channel: string, message: string): Promise<boolean> {
    if (this.failing) return false;
    this.published.push(message);
    return super.publish(channel, message);
  }

  override onSubscription(handler: (connected: boolean) => void): void {
    this.subscriptionHandlers.push(handler);
  }

  dropSubscription(): void {
    for (const h of this.subscriptionHandlers) h(false);
  }
}

const config = (cacheLeaseMs: number) => ({ cacheLeaseMs }) as AppConfig;

async function replica(store: FlakyStore, leaseMs: number): Promise<{ bus: InvalidationBus; dropped: string[] }> {
  const bus = new InvalidationBus(store, config(leaseMs));
  const dropped: string[] = [];
  bus.onInvalidate((id) => dropped.push(id));
  await bus.onModuleInit();
  return { bus, dropped };
}

describe('InvalidationBus', () => {
  const buses: InvalidationBus[] = [];
  const start = async (store: FlakyStore, leaseMs: number) => {
    const r = await replica(store, leaseMs);
    buses.push(r.bus);
    return r;
  };
  afterEach(async () => {
    for (const b of buses.splice(0)) await b.onApplicationShutdown();
  });

  it('holds its lease once its own heartbeat came back, and loses it the moment the subscription drops', async () => {
    const store = new FlakyStore();
    const { bus } = await start(store, 5000);
    expect(bus.lease.held).toBe(true);
    store.dropSubscription();
    expect(bus.lease.held).toBe(false);
  });

  it('every replica drops the key before the writer returns, and acknowledgements spare the lease wait', async () => {
    const store = new FlakyStore();
    const a = await start(store, 5000);
    const b = await start(store, 5000);
    const began = performance.now();
    await a.bus.invalidate('key-1');
    expect(performance.now() - began).toBeLessThan(1000);
    expect(a.dropped).toEqual(['key-1']);
    expect(b.dropped).toEqual(['key-1']);
  });

  it('a listed replica that never acknowledges is waited out for the whole lease', async () => {
    const store = new FlakyStore();
    const a = await start(store, 300);
    await store.heartbeat(REPLICAS, 'silent-replica', 60_000, 'elsewhere', 'beat');
    const began = performance.now();
    await a.bus.invalidate('key-1');
    expect(performance.now() - began).toBeGreaterThanOrEqual(300);
  });

  it('an invalidation that could not be published is waited out, then sent again once publishing works', async () => {
    const store = new FlakyStore();
    const a = await start(store, 300);
    const b = await start(store, 300);
    store.failing = true;
    const began = performance.now();
    await a.bus.invalidate('key-1');
    expect(performance.now() - began).toBeGreaterThanOrEqual(300);
    expect(b.dropped).toEqual([]);
    store.failing = false;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(b.dropped).toEqual(['key-1']);
  });
});
