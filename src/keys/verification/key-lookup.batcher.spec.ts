import type { ApiKeyEntity } from '../api-key.entity';
import type { KeysRepository } from '../keys.repository';
import { KeyLookupBatcher, MAX_LOOKUPS_PER_QUERY } from './key-lookup.batcher';

/** A repository that knows the digests in `known` and records each query it is asked. */
function repository(known: string[]) {
  const queries: string[][] = [];
  const repo = {
    findManyByLookup: (digests: readonly string[]) => {
      queries.push([...digests]);
      return Promise.resolve(
        digests.map((d) => (known.includes(d) ? ({ id: `id-${d}`, lookupDigest: d } as ApiKeyEntity) : null)),
      );
    },
  } as unknown as KeysRepository;
  return { repo, queries };
}

describe('KeyLookupBatcher', () => {
  it('answers the lookups of one turn with one query, each with its own row or null', async () => {
    const { repo, queries } = repository(['b', 'd']);
    const batcher = new KeyLookupBatcher(repo);
    const rows = await Promise.all(['a', 'b', 'c', 'd'].map((d) => batcher.find(d)));
    expect(rows.map((r) => r?.id ?? null)).toEqual([null, 'id-b', null, 'id-d']);
    expect(queries).toEqual([['a', 'b', 'c', 'd']]);
  });

  it('gathers lookups made in separate callbacks of the same I/O turn', async () => {
    const { repo, queries } = repository([]);
    const batcher = new KeyLookupBatcher(repo);
    // Two timers due together run in one timers phase, before the batch's setImmediate.
    const found = await new Promise<Promise<unknown>[]>((resolve) => {
      const made: Promise<unknown>[] = [];
      setTimeout(() => made.push(batcher.find('x')), 0);
      setTimeout(() => (made.push(batcher.find('y')), resolve(made)), 0);
    });
    await Promise.all(found);
    expect(queries).toEqual([['x', 'y']]);
  });

  it('never lets a lookup join a query already sent: a later lookup is read again', async () => {
    const { repo, queries } = repository(['k']);
    const batcher = new KeyLookupBatcher(repo);
    await batcher.find('k');
    await batcher.find('k');
    expect(queries).toEqual([['k'], ['k']]);
  });

  it(`splits a turn's lookups into queries of at most ${MAX_LOOKUPS_PER_QUERY}`, async () => {
    const { repo, queries } = repository([]);
    const batcher = new KeyLookupBatcher(repo);
    await Promise.all(Array.from({ length: MAX_LOOKUPS_PER_QUERY * 2 + 1 }, (_, i) => batcher.find(`d${i}`)));
    expect(queries.map((q) => q.length)).toEqual([MAX_LOOKUPS_PER_QUERY, MAX_LOOKUPS_PER_QUERY, 1]);
  });

  it('a failed query fails every lookup it carried, and the next turn queries afresh', async () => {
    let fail = true;
    const repo = {
      findManyByLookup: (digests: readonly string[]) => {
        if (fail) return Promise.reject(new Error('connection lost'));
        return Promise.resolve(digests.map(() => null));
      },
    } as unknown as KeysRepository;
    const batcher = new KeyLookupBatcher(repo);
    const failed = await Promise.allSettled([batcher.find('a'), batcher.find('b')]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(batcher.find('a')).resolves.toBeNull();
  });
});
