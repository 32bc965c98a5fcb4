/*
 * Where a cached validation's CPU goes: the service (bench/validation-server.js, as main.ts builds it) runs under
 * `node --cpu-prof` while autocannon sends validate with a cached key (Bearer form) for BENCH_DURATION seconds;
 * then the profile's self time is summed by package (express, pino, helmet, @nestjs/core, node's own internals,
 * this service's src/ ...) and by function, as a share of busy time and as microseconds of CPU per request.
 * BENCH_TARGET=floor profiles the minimal Nest app (bench/minimal-nest-server.ts) under the same load instead, so
 * the two tables can be read side by side: what the service pays per request that the framework's floor does not.
 * Run it before and after a change to the global pipeline; the profile file stays in /tmp/hokusai-profile/ for
 * Chrome DevTools.
 *
 * Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/hokusai_bench REDIS_URL=redis://127.0.0.1:6379/9 \
 *        npm run bench:profile
 * Knobs: BENCH_DURATION s (15), BENCH_CONNECTIONS (64), BENCH_PORT (18800), BENCH_TOP (25),
 * BENCH_ROUTE (validate|live|debit), BENCH_RATE (1000, debit only), BENCH_TARGET (service|floor).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { benchDatabaseUrl, ensureDatabase, UNLIMITED_INGEST } from './usage-bench-kit';
import {
  BARE_PATH,
  bareRequest,
  benchRedisUrl,
  createKeyRecordViaApi,
  createKeyViaApi,
  debitRequest,
  FLOOR_KEY,
  load,
  type LoadResult,
  type LoadSpec,
  paced,
  startBenchServer,
  startMinimalNest,
  VALIDATE_PATH,
  knob,
  validateRequests,
} from './validation-bench-kit';

const SECONDS = knob('BENCH_DURATION', 15);
const CONNECTIONS = knob('BENCH_CONNECTIONS', 64);
const PORT = knob('BENCH_PORT', 18800);
const TOP = knob('BENCH_TOP', 25);
/**
 * validate (default); live: GET /live, the route that does nothing, shows the pipeline's cost alone; debit: the
 * platform middleware's debit paced at BENCH_RATE (its batches are those of bench:debit, not a saturated server's).
 */
const ROUTE = process.env.BENCH_ROUTE ?? 'validate';
const RATE = knob('BENCH_RATE', 1000);
const FLOOR = process.env.BENCH_TARGET === 'floor';
// node --cpu-prof samples every 1000 µs unless told otherwise.
const SAMPLE_US = 1000;
const DIR = '/tmp/hokusai-profile';

interface ProfileNode {
  id: number;
  hitCount: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** The package a frame belongs to: node_modules/<name>, node's internals, or this service's own code. */
function packageOf(url: string): string {
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith('node:')) return 'node internals';
  if (url.includes('/src/')) return 'service src/';
  if (url === '') return '(native, GC, idle)';
  return url.replace(/^.*\//, '');
}

function summarize(profile: { nodes: ProfileNode[] }, requests: number): void {
  const total = profile.nodes.reduce((n, x) => n + x.hitCount, 0);
  const idle = profile.nodes.filter((x) => x.callFrame.functionName === '(idle)').reduce((n, x) => n + x.hitCount, 0);
  const busy = total - idle;
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    if (node.callFrame.functionName === '(idle)' || !node.hitCount) continue;
    const pkg = packageOf(node.callFrame.url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + node.hitCount);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${pkg}:${node.callFrame.url.replace(/^.*\//, '')}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + node.hitCount);
  }
  const pct = (n: number) => `${((100 * n) / busy).toFixed(1)} %`;
  const perRequest = (n: number) => `${((n * SAMPLE_US) / requests).toFixed(1)} µs`;
  console.log(
    `\nbusy samples ${busy} of ${total} (idle ${pct(idle)} of busy); ${requests} requests, ` +
      `${perRequest(busy)} of CPU per request (startup included)\n\n| package | self time | per request |\n|---|---|---|`,
  );
  for (const [pkg, n] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    console.log(`| ${pkg} | ${pct(n)} | ${perRequest(n)} |`);
  console.log('\n| function | self time | per request |\n|---|---|---|');
  for (const [fn, n] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    console.log(`| ${fn} | ${pct(n)} | ${perRequest(n)} |`);
}

async function main(): Promise<void> {
  const databaseUrl = benchDatabaseUrl();
  await ensureDatabase(databaseUrl);
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const profiler = ['--cpu-prof', `--cpu-prof-dir=${DIR}`];
  const target = FLOOR
    ? await startMinimalNest(PORT, { nodeArgs: profiler })
    : await startBenchServer(
        databaseUrl,
        benchRedisUrl(),
        PORT,
        '/tmp/hokusai-bench-profile.log',
        UNLIMITED_INGEST,
        undefined,
        { nodeArgs: profiler },
      );
  let requests = 0;
  try {
    const run = ROUTE === 'debit' ? await pacedDebits() : await loaded();
    requests = run.requests;
    console.log(
      `${run.what} under the profiler: ${run.result.rps.toFixed(0)} req/s, p99 ${run.result.p99.toFixed(1)} ms, ` +
        `non-2xx ${run.result.non2xx}`,
    );
  } finally {
    await target.stop();
  }
  // One profile per thread (CPU.<date>.<time>.<pid>.<thread>.<seq>): the main thread is thread 0; the others are
  // the bcrypt worker pool's, idle here.
  const file = readdirSync(DIR).find((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f));
  if (!file) throw new Error(`no profile written to ${DIR}; see /tmp/hokusai-bench-profile.log`);
  console.log(`profile: ${join(DIR, file)}`);
  summarize(JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { nodes: ProfileNode[] }, requests);
}

type Run = { what: string; requests: number; result: LoadResult };

async function loaded(): Promise<Run> {
  const spec = await loadSpec();
  const warm = await load({ ...spec, seconds: 3 });
  const result = await load({ ...spec, seconds: SECONDS });
  return { what: spec.path, requests: warm.ok + warm.non2xx + result.ok + result.non2xx, result };
}

async function pacedDebits(): Promise<Run> {
  const next = FLOOR ? bareRequest : debitRequest((await createKeyRecordViaApi(PORT, 'profile')).key_id);
  const warm = await paced(PORT, RATE, 3, CONNECTIONS, next);
  const result = await paced(PORT, RATE, SECONDS, CONNECTIONS, next);
  const what = `${FLOOR ? BARE_PATH : 'debit'} paced at ${RATE}/s`;
  return { what, requests: warm.ok + warm.non2xx + result.ok + result.non2xx, result };
}

/** The same request to either side: the floor's routes answer what the service's answer, without the work. */
async function loadSpec(): Promise<LoadSpec> {
  const base = { port: PORT, connections: CONNECTIONS, seconds: 0 };
  if (ROUTE === 'live') return { ...base, path: FLOOR ? '/bench/live' : '/live', method: 'GET' };
  // Four keys cycled per connection: a warm-up and 15 s at 10,000/s would spend one key's hourly limit (100,000).
  const keys = FLOOR
    ? Array.from({ length: 4 }, () => FLOOR_KEY)
    : await Promise.all(Array.from({ length: 4 }, (_, i) => createKeyViaApi(PORT, `profile ${i}`)));
  const path = FLOOR ? '/bench/bare' : VALIDATE_PATH;
  const requests = validateRequests(keys).map((r) => ({ ...r, path }));
  return { ...base, path, requests };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
