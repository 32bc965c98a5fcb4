import DataLoader from 'dataloader';
import type { CounterOwner, WindowCount } from './store.port';

/** One caller's increment of one window counter. */
export interface WindowIncrement {
  key: string;
  resetAtMs: number;
  by: number;
  owner: CounterOwner;
}

/** How a batch's total reaches the store: one atomic add of `by` (the Redis script), answering the new count. */
export type SendIncrement = (key: string, resetAtMs: number, by: number, owner: CounterOwner) => Promise<WindowCount>;

/**
 * Coalesces the increments of one counter that arrive in one turn of the event loop into a single atomic add of
 * their sum (one Redis round trip for a hot key's burst of validations, not one each), then hands each caller its own
 * place in the count, in arrival order: caller i of n sees `count - total + (its share so far)`, exactly the count it
 * would have seen had the adds gone one by one, so limits stay exact across replicas. Counters of other keys go out
 * in the same turn, each as its own command (one slot per command on a cluster). setImmediate, as for the key
 * lookups (KeyLookupBatcher): the requests of one I/O turn arrive in separate callbacks.
 */
export class WindowIncrements {
  private readonly loader: DataLoader<WindowIncrement, WindowCount>;

  constructor(send: SendIncrement) {
    this.loader = new DataLoader((batch) => settle(batch, send), {
      cache: false,
      batchScheduleFn: (dispatch) => setImmediate(dispatch),
    });
  }

  add(increment: WindowIncrement): Promise<WindowCount> {
    return this.loader.load(increment);
  }
}

async function settle(batch: readonly WindowIncrement[], send: SendIncrement): Promise<(WindowCount | Error)[]> {
  const byKey = new Map<string, number[]>();
  batch.forEach((inc, i) => {
    const indexes = byKey.get(inc.key);
    if (indexes) indexes.push(i);
    else byKey.set(inc.key, [i]);
  });
  const answers: (WindowCount | Error)[] = new Array<WindowCount | Error>(batch.length);
  await Promise.all(
    [...byKey.values()].map(async (indexes) => {
      const first = batch[indexes[0]];
      const total = indexes.reduce((sum, i) => sum + batch[i].by, 0);
      try {
        const { count, resetAtMs } = await send(first.key, first.resetAtMs, total, first.owner);
        let seen = count - total;
        for (const i of indexes) answers[i] = { count: (seen += batch[i].by), resetAtMs };
      } catch (err) {
        for (const i of indexes) answers[i] = err instanceof Error ? err : new Error(String(err));
      }
    }),
  );
  return answers;
}
