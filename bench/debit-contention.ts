/*
 * The debit's flush when several replicas debit one key at once (UsageBatchCommitter): each replica's committer
 * plans on the counter it last saw, and another replica's flush makes that guess wrong. For 1, 2 and 4 committers
 * in this process (each its own replica: its own guesses, its own pool connection), each flushing one debit after
 * another on the same key for BENCH_DURATION seconds: flushes committed in all, and usage_flush() calls per flush
 * (1 when the guess was right; a wrong or missing guess adds the two calls of the locked transaction).
 * BENCH_SERVICE_BUILD=<compiled tree> runs an earlier build's committer beside this one, for before and after
 * (the call counts need this build's UsageRepository.flush, so an earlier build reports flushes only).
 *
 * Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/hokusai_bench npm run bench:debit-contention
 * Knobs: BENCH_DURATION s (3), BENCH_ROUNDS (3), BENCH_SERVICE_BUILD.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { benchDatabaseUrl, createBenchKey, ensureDatabase, withClient } from './usage-bench-kit';
import { knob } from './validation-bench-kit';
import { mayDebit } from '../src/billing/billing-math';
import type { PendingEvent } from '../src/usage/ingest/pending-event';

const SECONDS = knob('BENCH_DURATION', 3);
const ROUNDS = knob('BENCH_ROUNDS', 3);
const REPLICAS = [1, 2, 4];

interface Committer {
  commit(events: PendingEvent[]): Promise<unknown>;
}

interface Build {
  name: string;
  committer(): Committer;
  /** usage_flush() calls so far, where the build has them. */
  calls(): number | undefined;
  close(): Promise<void>;
}

/** The modules of a compiled tree this bench loads, typed as this build's: the builds compared share these shapes. */
interface TreeModules {
  'database/data-source.options': typeof import('../src/database/data-source.options');
  'usage/entities/usage-event.entity': typeof import('../src/usage/entities/usage-event.entity');
  'usage/ingest/usage.repository': typeof import('../src/usage/ingest/usage.repository');
  'usage/ingest/usage-batch-committer': typeof import('../src/usage/ingest/usage-batch-committer');
}

function fromTree<K extends keyof TreeModules>(tree: string, module: K): TreeModules[K] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the tree is chosen at run time
  return require(join(tree, 'src', `${module}.js`)) as TreeModules[K];
}

/**
 * A compiled tree's committer on its own DataSource (its entity classes are its own). Only this build migrates:
 * an earlier one runs on the schema as this build left it.
 */
async function loadBuild(name: string, tree: string, databaseUrl: string, migrate: boolean): Promise<Build> {
  const { dataSourceOptions } = fromTree(tree, 'database/data-source.options');
  const { UsageEventEntity } = fromTree(tree, 'usage/entities/usage-event.entity');
  const { UsageRepository } = fromTree(tree, 'usage/ingest/usage.repository');
  const { UsageBatchCommitter } = fromTree(tree, 'usage/ingest/usage-batch-committer');
  const db = new DataSource({ ...dataSourceOptions({ databaseUrl, dataDir: 'memory://' }), migrationsRun: migrate });
  await db.initialize();
  const repo = new UsageRepository(db.getRepository(UsageEventEntity));
  // An earlier build may have no flush(): it reports flushes only.
  const counted = repo as Partial<Pick<typeof repo, 'flush'>>;
  let calls = 0;
  const flush = counted.flush?.bind(repo);
  if (flush) repo.flush = (...args) => (calls++, flush(...args));
  return {
    name,
    committer: () => new UsageBatchCommitter(repo),
    calls: () => (flush ? calls : undefined),
    close: () => db.destroy(),
  };
}

async function run(build: Build, keyId: string, replicas: number, debit: PendingEvent['debit']): Promise<string> {
  const before = build.calls();
  const until = Date.now() + SECONDS * 1000;
  let flushes = 0;
  const loop = async (committer: Committer) => {
    while (Date.now() < until) {
      await committer.commit([
        {
          keyId,
          serviceId: 'platform',
          endpoint: '/predict',
          statusCode: 0,
          responseTimeMs: 0,
          predictionsCount: 1,
          computeMs: 0,
          modelId: null,
          idempotencyKey: randomUUID(),
          occurredAt: new Date(),
          debit,
        },
      ]);
      flushes++;
    }
  };
  await Promise.all(Array.from({ length: replicas }, () => loop(build.committer())));
  const after = build.calls();
  const perFlush = before === undefined || after === undefined ? '—' : ((after - before) / flushes).toFixed(2);
  return `| ${build.name} | ${replicas} | ${flushes} | ${perFlush} |`;
}

async function main(): Promise<void> {
  const databaseUrl = benchDatabaseUrl();
  await ensureDatabase(databaseUrl);
  const builds = [await loadBuild('this build', join(__dirname, '..'), databaseUrl, true)];
  const earlier = process.env.BENCH_SERVICE_BUILD;
  if (earlier) builds.unshift(await loadBuild(`build at ${earlier}`, earlier, databaseUrl, false));
  try {
    const keyId = await withClient(databaseUrl, (c) => createBenchKey(c));
    const rows: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const replicas of REPLICAS) {
        // Alternating which build goes first, so neither always meets a warmer database.
        const order = round % 2 === 0 ? [...builds].reverse() : builds;
        for (const build of order) rows.push(await run(build, keyId, replicas, mayDebit));
      }
    }
    console.log(`\none key, debits flushed back to back, ${SECONDS} s per cell, ${ROUNDS} rounds`);
    console.log('| build | replicas | flushes | usage_flush calls per flush |\n|---|---|---|---|');
    for (const r of rows) console.log(r);
  } finally {
    await Promise.all(builds.map((b) => b.close()));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
