import DataLoader from 'dataloader';
import type { CounterOwner, WindowCount } from './store.port';

/** One caller's increment of one window counter. */
export interface WindowIncrement {
  key: string;
  resetAtMs: number;
  by: number;
  owner: CounterOwner;
}

/**
 * How a turn's totals reach the store, all in one call (so one node can take them in one write): one atomic add of
 * `by` per counter (the Redis script), answering each counter's new count, or the error of the counter that failed.
 */
export type SendIncrements = (adds: readonly WindowIncrement[]) => Promise<(WindowCount | Error)[]>;

/**
 * Coalesces the increments of one counter that arrive in one turn of the event loop into a single atomic add of
 * their sum (one Redis round trip for a hot key's burst of validations, not one each), then hands each caller its own
 * place in the count, in arrival order: caller i of n sees `count - total + (its share so far)`, exactly the count it
 * would have seen had the adds gone one by one, so limits stay exact across replicas. Counters of other keys go out
 * in the same call to the store, each as its own command (one slot per command on a cluster). setImmediate, as for
 * the key lookups (KeyLookupBatcher): the requests of one I/O turn arrive in separate callbacks.
 */
export class WindowIncrements {
  private readonly loader: DataLoader<WindowIncrement, WindowCount>;

  constructor(send: SendIncrements) {
    this.loader = new DataLoader((batch) => settle(batch, send), {
      cache: false,
      batchScheduleFn: (dispatch) => setImmediate(dispatch),
    });
  }

  add(increment: WindowIncrement): Promise<WindowCount> {
    return this.loader.load(increment);
  }
}

async function settle(batch: readonly WindowIncrement[], send: SendIncrements): Promise<(WindowCount | Error)[]> {
  const byKey = new Map<string, number[]>();
  batch.forEach((inc, i) => {
    const indexes = byKey.get(inc.key);
    if (indexes) indexes.push(i);
    else byKey.set(inc.key, [i]);
  });
  const groups = [...byKey.values()];
  const adds = groups.map((indexes) => ({
    ...batch[indexes[0]],
    by: indexes.reduce((sum, i) => sum + batch[i].by, 0),
  }));
  const results = await send(adds).catch((err: unknown) => adds.map(() => asError(err)));
  const answers: (WindowCount | Error)[] = new Array<WindowCount | Error>(batch.length);
  groups.forEach((indexes, g) => {
    const result = results[g];
    if (result instanceof Error) {
      for (const i of indexes) answers[i] = result;
      return;
    }
    let seen = result.count - adds[g].by;
    for (const i of indexes) answers[i] = { count: (seen += batch[i].by), resetAtMs: result.resetAtMs };
  });
  return answers;
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));
