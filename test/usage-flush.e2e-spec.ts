import { mayDebit } from '../src/billing/billing-math';
import { UsageBatchCommitter } from '../src/usage/ingest/usage-batch-committer';
import { PendingEvent } from '../src/usage/ingest/pending-event';
import { UsageRepository } from '../src/usage/ingest/usage.repository';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source.options';
import { UsageEventEntity } from '../src/usage/entities/usage-event.entity';
import { createKey } from './harness/factories';
import { testDatabaseUrl } from './harness/test-env';

/**
 * The group commit's flush against PostgreSQL (usage_flush(), migration UsageFlushFunction1795610000000): one call
 * when this process knows the counters, and the same decisions as a transaction when its guess is wrong. Two
 * committers are two replicas: each has its own guesses. Run on both databases: the function is plpgsql.
 */
const targets: [string, string | undefined][] = [['PGlite (embedded)', undefined]];
if (testDatabaseUrl()) targets.push(['PostgreSQL', testDatabaseUrl()]);

describe.each(targets)('usage flush on %s: one round trip on a known counter, exact on a wrong guess', (_, url) => {
  let db: DataSource;
  let repo: UsageRepository;

  beforeAll(async () => {
    db = new DataSource({ ...dataSourceOptions({ databaseUrl: url, dataDir: 'memory://' }), migrationsRun: true });
    await db.initialize();
    repo = new UsageRepository(db.getRepository(UsageEventEntity));
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => db.destroy());

  const event = (keyId: string, overrides: Partial<PendingEvent> = {}): PendingEvent => ({
    keyId,
    serviceId: 'platform',
    endpoint: '/api/v1/models/predict',
    statusCode: 0,
    responseTimeMs: 0,
    predictionsCount: 1,
    computeMs: 0,
    modelId: null,
    idempotencyKey: null,
    occurredAt: new Date(),
    ...overrides,
  });
  const debit = (keyId: string, overrides: Partial<PendingEvent> = {}) =>
    event(keyId, { debit: mayDebit, ...overrides });
  const replica = () => new UsageBatchCommitter(repo);
  const stored = async (keyId: string): Promise<number> =>
    (await db.query('SELECT count(*)::int AS n FROM usage_events WHERE key_id = $1', [keyId]))[0].n;
  const flushCalls = () => jest.spyOn(repo, 'flush');

  it('decides a counter it has not seen under locks held across two calls, then takes one call per flush', async () => {
    const { id } = await createKey(db, { monthlyPredictionLimit: 10 });
    const a = replica();
    const calls = flushCalls();
    expect((await a.commit([debit(id)])).outcomes).toEqual([
      { kind: 'debited', predictions_this_month: 1, monthly_prediction_limit: 10 },
    ]);
    expect(calls.mock.calls.map(([, , , tx]) => tx !== undefined)).toEqual([true, true]);
    calls.mockClear();
    expect((await a.commit([debit(id), debit(id, { predictionsCount: 2 })])).outcomes).toEqual([
      { kind: 'debited', predictions_this_month: 2, monthly_prediction_limit: 10 },
      { kind: 'debited', predictions_this_month: 4, monthly_prediction_limit: 10 },
    ]);
    expect(calls).toHaveBeenCalledTimes(1);
    // Plain events move the known counter too, so the next debit still needs one call.
    await a.commit([event(id, { predictionsCount: 3 })]);
    calls.mockClear();
    expect((await a.commit([debit(id)])).outcomes[0]).toMatchObject({ predictions_this_month: 8 });
    expect(calls).toHaveBeenCalledTimes(1);
  });

  it('answers exactly when another replica moved the counter, and stops at the limit', async () => {
    const { id } = await createKey(db, { monthlyPredictionLimit: 3 });
    const [a, b] = [replica(), replica()];
    expect((await a.commit([debit(id)])).outcomes[0]).toMatchObject({ predictions_this_month: 1 });
    expect((await b.commit([debit(id)])).outcomes[0]).toMatchObject({ predictions_this_month: 2 });
    // a still believes 1.
    expect((await a.commit([debit(id)])).outcomes[0]).toMatchObject({ predictions_this_month: 3 });
    // b still believes 2: planned on that, this debit would pass.
    expect((await b.commit([debit(id)])).outcomes).toEqual([{ kind: 'refused', used: 3, requested: 1, limit: 3 }]);
    expect(await stored(id)).toBe(3);
  });

  it('decides on the terms an admin changed since its last flush', async () => {
    const { id } = await createKey(db, { monthlyPredictionLimit: 10 });
    const a = replica();
    await a.commit([debit(id)]);
    await db.query('UPDATE api_keys SET monthly_prediction_limit = 1 WHERE id = $1', [id]);
    expect((await a.commit([debit(id)])).outcomes).toEqual([{ kind: 'refused', used: 1, requested: 1, limit: 1 }]);
    await db.query(`UPDATE api_keys SET billing_plan = 'pro' WHERE id = $1`, [id]);
    expect((await a.commit([debit(id)])).outcomes).toEqual([
      { kind: 'debited', predictions_this_month: 2, monthly_prediction_limit: 1 },
    ]);
    expect(await stored(id)).toBe(2);
  });

  it('finds a stored idempotency key its guess did not know, and gives the first answer again', async () => {
    const { id } = await createKey(db, { monthlyPredictionLimit: 10 });
    const [a, b] = [replica(), replica()];
    const first = await a.commit([debit(id, { idempotencyKey: 'req-1', predictionsCount: 2 })]);
    await a.commit([debit(id)]);
    expect((await a.commit([debit(id, { idempotencyKey: 'req-1', predictionsCount: 2 })])).outcomes).toEqual(
      first.outcomes,
    );
    expect((await b.commit([debit(id, { idempotencyKey: 'req-1', predictionsCount: 2 })])).outcomes).toEqual(
      first.outcomes,
    );
    expect(await stored(id)).toBe(2);
  });

  it('on a wrong guess, decides under locks held across both calls instead of guessing again', async () => {
    const { id } = await createKey(db, { monthlyPredictionLimit: 10 });
    const [a, other] = [replica(), replica()];
    await a.commit([debit(id)]);
    const flush = repo.flush.bind(repo);
    // Right before a's call outside a transaction, another replica records a plain event: a's guess is wrong.
    const calls = jest.spyOn(repo, 'flush').mockImplementation(async (scope, expected, rows, tx) => {
      if (tx === undefined) await other.commit([event(id)]);
      return flush(scope, expected, rows, tx);
    });
    expect((await a.commit([debit(id)])).outcomes).toEqual([
      { kind: 'debited', predictions_this_month: 3, monthly_prediction_limit: 10 },
    ]);
    expect(calls.mock.calls.map(([, , , tx]) => tx !== undefined)).toEqual([false, true, true]);
    expect(await stored(id)).toBe(3);
    // Contended now: the next flush is decided under the locks too, and finds the counter as a left it; the one
    // after guesses again.
    calls.mockRestore();
    const plain = flushCalls();
    expect((await a.commit([debit(id)])).outcomes[0]).toMatchObject({ predictions_this_month: 4 });
    expect((await a.commit([debit(id)])).outcomes[0]).toMatchObject({ predictions_this_month: 5 });
    expect(plain.mock.calls.map(([, , , tx]) => tx !== undefined)).toEqual([true, true, false]);
  });
});
