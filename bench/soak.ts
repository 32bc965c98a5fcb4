/*
 * Soak (issue "Hardening", item 6): the service under a production-like mix for a long time, on PostgreSQL and on
 * a Redis server this bench starts itself on a spare port (never the machine's shared 6379), then a second, shorter
 * run of the same mix during which that Redis is stopped (SIGTERM) and started again. Not a test: run it by hand.
 *   1. soak: BENCH_DURATION s of ~90% POST /api/v1/keys/validate (cached keys, rate_limit_per_hour 100,000, the
 *      load cycled over BENCH_KEYS keys so none reaches its hourly limit), ~8% POST /api/v1/usage/{key_id} and ~2%
 *      admin reads (GET /api/v1/keys?limit=50, GET /api/v1/keys/{id}, GET /api/v1/usage/{id}/stats), as three
 *      autocannon instances at 54 / 9 / 1 of the 64 connections (each class's errors are then its own; a usage
 *      event waits for its group commit, so usage needs more connections than its share: 54/9/1 gave about
 *      90/8/1.5% here; the shares actually reached are reported). The service's VmRSS (/proc/<pid>/status) is sampled every 10 s: RSS after
 *      the BENCH_WARMUP s warm-up, at the end, growth (target < 10%) and max; p50/p99/max (2xx) and non-2xx/errors
 *      per class (target: none).
 *   2. restart: the same mix for BENCH_RESTART_DURATION s with fresh keys; at the middle the bench SIGTERMs its
 *      Redis and starts it again BENCH_OUTAGE s later. Errors and non-2xx per class before, during and after the
 *      outage (validation must answer from the in-memory fallback; usage and admin do not need Redis), /ready's body
 *      and the hokusai_degraded gauge (/metrics/prometheus) during the outage (expected "degraded", 1) and after it
 *      (expected "ready", 0), and how long the service took to report "ready" again.
 * The service is the bench server (bench/validation-server.ts: the app as src/main.ts builds it, bound to
 * 127.0.0.1) in production mode: BCRYPT_ROUNDS 12, LOG_LEVEL warn, USAGE_AUTH=open and the per-IP ingest limit out
 * of the way (USAGE_RATE_LIMIT_PER_MINUTE, 6000 by default, would refuse this one-IP load). Load goes to 127.0.0.1
 * only; every phase and loop is bounded in time; the service and the Redis server are stopped at the end, also on
 * an error or SIGINT (bench/validation-bench-kit.ts kills every tracked child when the bench exits).
 *
 * Run (the npm script compiles the service and the benches into .bench-build/ first):
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/hokusai_bench BENCH_DURATION=600 \
 *     npm run bench:soak
 * Knobs: BENCH_DURATION s (600), BENCH_WARMUP s (60), BENCH_RESTART_DURATION s (120), BENCH_OUTAGE s (5),
 * BENCH_RUNS (soak,restart: either or both), BENCH_KEYS (40: validate keys of the soak run; the restart run makes
 * its share), BENCH_CONNECTIONS (54,9,1: validate, usage, admin), BENCH_PORT (18600), BENCH_REDIS_PORT (6391),
 * BCRYPT_ROUNDS (12). Logs: /tmp/hokusai-bench-soak.log (service), /tmp/hokusai-bench-soak-redis.log (Redis).
 */
import type autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { BENCH_ADMIN_TOKEN, benchDatabaseUrl, ensureDatabase, httpGet, UNLIMITED_INGEST } from './usage-bench-kit';
import {
  BenchServer,
  createKeyRecordViaApi,
  HOST,
  load,
  LoadResult,
  Metrics,
  serviceMetrics,
  startBenchServer,
  track,
  VALIDATE_PATH,
  validateRequests,
} from './validation-bench-kit';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SECONDS = num('BENCH_DURATION', 600);
const WARMUP = num('BENCH_WARMUP', 60);
const RESTART_SECONDS = num('BENCH_RESTART_DURATION', 120);
const OUTAGE_SECONDS = num('BENCH_OUTAGE', 5);
const RUNS = (process.env.BENCH_RUNS ?? 'soak,restart').split(',').map((r) => r.trim());
const KEYS = num('BENCH_KEYS', 40);
const [VALIDATE_CONN, USAGE_CONN, ADMIN_CONN] = (process.env.BENCH_CONNECTIONS ?? '54,9,1').split(',').map(Number);
const PORT = num('BENCH_PORT', 18600);
const REDIS_PORT = num('BENCH_REDIS_PORT', 6391);
const ROUNDS = num('BCRYPT_ROUNDS', 12);
const SAMPLE_MS = 10_000;
const LOG_FILE = '/tmp/hokusai-bench-soak.log';
const REDIS_LOG = '/tmp/hokusai-bench-soak-redis.log';
const REDIS_DIR = '/tmp/hokusai-bench-soak-redis';
const ADMIN = { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` };
/** Keys whose ids the usage and admin traffic use. */
const USAGE_KEYS = 8;

const CLASSES = ['validate', 'usage', 'admin'] as const;
type Class = (typeof CLASSES)[number];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');
const mb = (kb: number) => (kb / 1024).toFixed(1);

/** `work`, or `fallback` once `timeoutMs` has passed: no probe of the service may hang the bench. */
function within<T>(work: Promise<T>, timeoutMs: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), timeoutMs)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------------- Redis server

interface RedisServer {
  child: ChildProcess;
  exited: Promise<void>;
}

/** One PING over a fresh connection: true on +PONG within `timeoutMs`. */
function redisPing(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    let reply = '';
    const done = (ok: boolean) => (socket.destroy(), clearTimeout(timer), resolve(ok));
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      reply += d.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.on('error', () => done(false));
  });
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    const timer = setTimeout(() => (socket.destroy(), resolve(true)), 1000);
    socket.on('connect', () => (clearTimeout(timer), socket.destroy(), resolve(true)));
    socket.on('error', () => (clearTimeout(timer), resolve(false)));
  });
}

/** redis-server on 127.0.0.1:`port`, nothing persisted, as a tracked child; resolves once it answers PING. */
async function startRedis(port: number): Promise<RedisServer> {
  mkdirSync(REDIS_DIR, { recursive: true });
  const log = openSync(REDIS_LOG, 'a');
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      HOST,
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
      '--dir',
      REDIS_DIR,
    ],
    { stdio: ['ignore', log, log] },
  );
  closeSync(log);
  const exited = track(child);
  const deadline = Date.now() + 10_000;
  while (!(await redisPing(port))) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`redis-server exited during start; see ${REDIS_LOG}`);
    if (Date.now() > deadline) {
      await stopRedis({ child, exited });
      throw new Error(`redis-server did not answer PING within 10 s; see ${REDIS_LOG}`);
    }
    await sleep(50);
  }
  return { child, exited };
}

/** SIGTERM (a clean shutdown; nothing to save), SIGKILL after 5 s. */
async function stopRedis(redis: RedisServer): Promise<void> {
  if (redis.child.exitCode === null && redis.child.signalCode === null) redis.child.kill('SIGTERM');
  const killer = setTimeout(() => redis.child.kill('SIGKILL'), 5000);
  await redis.exited;
  clearTimeout(killer);
}

// ---------------------------------------------------------------------------------------------------- probes

function rssKb(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(m[1]);
}

interface Sample {
  s: number;
  kb: number;
}

/** VmRSS now and every 10 s until stop(); at most `seconds / 10 + 5` samples whatever happens. */
function sampleRss(pid: number, seconds: number): { samples: Sample[]; stop(): void } {
  const samples: Sample[] = [];
  const start = performance.now();
  const max = Math.ceil(seconds / (SAMPLE_MS / 1000)) + 5;
  const take = () => {
    if (samples.length >= max) return;
    samples.push({ s: (performance.now() - start) / 1000, kb: rssKb(pid) });
    if (samples.length % 6 === 1)
      console.log(`  ${samples[samples.length - 1].s.toFixed(0)} s: RSS ${mb(samples[samples.length - 1].kb)} MiB`);
  };
  take();
  const timer = setInterval(take, SAMPLE_MS);
  return { samples, stop: () => (clearInterval(timer), take()) };
}

async function ready(port: number): Promise<string> {
  const res = await within(httpGet(port, '/ready'), 3000, { status: 0, body: 'no answer within 3 s' });
  return `${res.status} ${res.body}`;
}

async function degradedGauge(port: number): Promise<string> {
  const res = await within(httpGet(port, '/metrics/prometheus'), 3000, { status: 0, body: '' });
  const m = /^hokusai_degraded(?:\{[^}]*\})?\s+(\S+)$/m.exec(res.body);
  return m ? m[1] : `n/a (HTTP ${res.status})`;
}

// ---------------------------------------------------------------------------------------------------- traffic

interface Key {
  api_key: string;
  key_id: string;
}

async function createKeys(port: number, n: number, label: string): Promise<Key[]> {
  const made: Key[] = [];
  // Two at a time: each is a bcrypt hash at BCRYPT_ROUNDS in the service's worker pool.
  for (let i = 0; i < n; i += 2) {
    made.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(2, n - i) }, () => createKeyRecordViaApi(port, `bench soak ${label}`)),
      )),
    );
  }
  return made;
}

/** Valid events (CONTRACT.md "record one event"): known, unknown (0) and failed statuses, so stats has all kinds. */
function usageRequests(ids: string[]): autocannon.Request[] {
  const bodies = [
    {
      service_id: 'platform',
      endpoint: '/api/v1/models/predict',
      status_code: 200,
      response_time_ms: 42,
      predictions_count: 3,
      compute_ms: 15,
      model_id: 'soak-model',
    },
    {
      service_id: 'platform',
      endpoint: '/api/v1/models/predict',
      status_code: 0,
      response_time_ms: 0,
      predictions_count: 1,
    },
    { service_id: 'platform', endpoint: '/api/v1/models/list', status_code: 404, response_time_ms: 7 },
  ];
  return ids.flatMap((id) =>
    bodies.map((b) => ({
      method: 'POST',
      path: `/api/v1/usage/${id}`,
      body: JSON.stringify(b),
      headers: { 'content-type': 'application/json' },
    })),
  );
}

function adminRequests(ids: string[]): autocannon.Request[] {
  return ids.flatMap((id) => [
    { method: 'GET', path: '/api/v1/keys?limit=50', headers: ADMIN },
    { method: 'GET', path: `/api/v1/keys/${id}`, headers: ADMIN },
    { method: 'GET', path: `/api/v1/usage/${id}/stats`, headers: ADMIN },
  ]);
}

interface Second {
  ok: number;
  non2xx: number;
  errors: number;
}

type ServiceMetrics = Metrics & { usage_events: { buffered: number; flushed: number } };

interface MixResult {
  results: Record<Class, LoadResult>;
  /** The service's /metrics counters, before and after the run. */
  metrics: [ServiceMetrics, ServiceMetrics];
  /** Per class, answers per second of the run (by when they arrived). */
  timeline: Record<Class, Second[]>;
  rss: Sample[];
}

/** The three classes at once for `seconds`, RSS sampled throughout; `during` runs alongside (the outage). */
async function mix(
  server: BenchServer,
  keys: Key[],
  seconds: number,
  during?: (startedAt: number) => Promise<void>,
): Promise<MixResult> {
  const ids = keys.slice(0, USAGE_KEYS).map((k) => k.key_id);
  const specs: Record<Class, { connections: number; requests: autocannon.Request[] }> = {
    validate: { connections: VALIDATE_CONN, requests: validateRequests(keys.map((k) => k.api_key)) },
    usage: { connections: USAGE_CONN, requests: usageRequests(ids) },
    admin: { connections: ADMIN_CONN, requests: adminRequests(ids) },
  };
  const before = (await serviceMetrics(server.port)) as ServiceMetrics;
  const startedAt = performance.now();
  const timeline = Object.fromEntries(
    CLASSES.map((c) => [c, Array.from({ length: seconds + 15 }, () => ({ ok: 0, non2xx: 0, errors: 0 }))]),
  ) as Record<Class, Second[]>;
  const bucket = (c: Class) =>
    timeline[c][Math.min(timeline[c].length - 1, Math.floor((performance.now() - startedAt) / 1000))];
  const rss = sampleRss(server.pid, seconds);
  try {
    const loads = Promise.all(
      CLASSES.map((c) =>
        load({
          port: server.port,
          path: VALIDATE_PATH,
          seconds,
          ...specs[c],
          onAnswer: (status) => void (status >= 200 && status < 300 ? bucket(c).ok++ : bucket(c).non2xx++),
          onError: () => void bucket(c).errors++,
        }),
      ),
    );
    const [[validate, usage, admin]] = await Promise.all([loads, during?.(startedAt)]);
    const after = (await serviceMetrics(server.port)) as ServiceMetrics;
    return { results: { validate, usage, admin }, metrics: [before, after], timeline, rss: rss.samples };
  } finally {
    rss.stop();
  }
}

// ---------------------------------------------------------------------------------------------------- report

const tables: string[] = [];

function trafficTable(run: string, { results }: MixResult): void {
  const answered = (r: LoadResult) => r.ok + r.non2xx;
  const total = CLASSES.reduce((n, c) => n + answered(results[c]), 0);
  tables.push(
    `\n**${run}**: traffic per class (p50/p99/max of 2xx answers)\n`,
    '| class | connections | answered | share | req/s | p50 ms | p99 ms | max ms | non-2xx | errors | status codes |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...CLASSES.map((c) => {
      const r = results[c];
      const conns = { validate: VALIDATE_CONN, usage: USAGE_CONN, admin: ADMIN_CONN }[c];
      const codes = Object.entries(r.statusCodes)
        .map(([code, n]) => `${code}: ${n}`)
        .join(', ');
      return `| ${c} | ${conns} | ${answered(r)} | ${((100 * answered(r)) / total).toFixed(1)}% | ${r.rps} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.non2xx} | ${r.errors} | ${codes} |`;
    }),
  );
}

/** What the run cost the service by its own counters: bcrypt compares, cache lookups, usage events committed. */
function counterFigures({ metrics: [m0, m1], results }: MixResult, bcryptTarget: string): [string, string, string][] {
  const d = (f: (m: ServiceMetrics) => number) => f(m1) - f(m0);
  return [
    ['bcrypt compares during the run (metrics delta)', String(d((m) => m.bcrypt_compares)), bcryptTarget],
    ['verification cache hits / misses (metrics delta)', `${d((m) => m.cache.hits)} / ${d((m) => m.cache.misses)}`, ''],
    [
      'usage events committed (metrics delta) / usage 2xx answers',
      `${d((m) => m.usage_events.flushed)} / ${results.usage.ok}`,
      '>= (none lost)',
    ],
  ];
}

function rssFigures(rss: Sample[], warmup: number): [string, string, string][] {
  const warm = rss.find((s) => s.s >= warmup - 1) ?? rss[rss.length - 1];
  const end = rss[rss.length - 1];
  const max = rss.reduce((a, b) => (b.kb > a.kb ? b : a));
  const growth = (100 * (end.kb - warm.kb)) / warm.kb;
  // One sample is one instant of a heap that the GC grows and shrinks; a minute's mean is steadier.
  const mean = (from: number, to: number) => {
    const xs = rss.filter((x) => x.s >= from - 1 && x.s <= to + 1).map((x) => x.kb);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  const first = mean(warm.s, warm.s + 60);
  const last = mean(end.s - 60, end.s);
  const meanGrowth = (100 * (last - first)) / first;
  return [
    ['RSS before the load (MiB)', mb(rss[0].kb), ''],
    [`RSS after the warm-up, at ${warm.s.toFixed(0)} s (MiB)`, mb(warm.kb), ''],
    [`RSS at the end, at ${end.s.toFixed(0)} s (MiB)`, mb(end.kb), ''],
    ['RSS growth, end vs after warm-up', `${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%`, '< 10%'],
    [`max RSS, at ${max.s.toFixed(0)} s (MiB)`, mb(max.kb), ''],
    [
      'mean RSS of the minute after the warm-up / of the last minute (MiB)',
      `${mb(first)} / ${mb(last)} (${meanGrowth >= 0 ? '+' : ''}${meanGrowth.toFixed(1)}%)`,
      '',
    ],
    ['RSS samples every 10 s (MiB)', rss.map((s) => mb(s.kb)).join(' '), ''],
  ];
}

function figureTable(title: string, figures: [string, string, string][]): void {
  tables.push(
    `\n**${title}**\n`,
    '| figure | value | target |',
    '|---|---|---|',
    ...figures.map(([f, v, t]) => `| ${f} | ${v} | ${t} |`),
  );
}

function printTables(): void {
  console.log(tables.join('\n'));
}

// ---------------------------------------------------------------------------------------------------- runs

async function soak(server: BenchServer): Promise<void> {
  console.log(`soak: creating ${KEYS} keys through the API`);
  const keys = await createKeys(server.port, KEYS, 'soak');
  console.log(`soak: ${SECONDS} s of mixed traffic at ${VALIDATE_CONN}/${USAGE_CONN}/${ADMIN_CONN} connections`);
  const run = await mix(server, keys, SECONDS);
  trafficTable(`soak, ${SECONDS} s`, run);
  const warmup = Math.min(WARMUP, Math.floor(SECONDS / 2));
  const perKey = Math.ceil(run.results.validate.ok / keys.length);
  const failing = CLASSES.filter((c) => run.results[c].non2xx || run.results[c].errors);
  figureTable(`soak, ${SECONDS} s: memory and limits`, [
    ...rssFigures(run.rss, warmup),
    ['successful validations per key (of rate_limit_per_hour)', `${perKey} (of 100000)`, '< 100000'],
    ...counterFigures(run, '0'),
    ['classes with any non-2xx or error', failing.length ? failing.join(', ') : 'none', 'none'],
  ]);
  for (const c of CLASSES) console.log(`soak ${c}: ${JSON.stringify(run.results[c])}`);
}

async function restart(server: BenchServer, redis: { current: RedisServer }): Promise<void> {
  const n = Math.max(10, Math.ceil((KEYS * RESTART_SECONDS) / SECONDS));
  console.log(`restart: creating ${n} keys through the API`);
  const keys = await createKeys(server.port, n, 'restart');
  const probes: [string, string, string][] = [];
  const marks = { kill: NaN, down: NaN, start: NaN, up: NaN, ready: NaN };
  const at = (startedAt: number) => (performance.now() - startedAt) / 1000;
  const outage = async (startedAt: number) => {
    await sleep((RESTART_SECONDS / 2) * 1000);
    probes.push(['/ready before the outage', await ready(server.port), '200 "ready"']);
    probes.push(['hokusai_degraded before the outage', await degradedGauge(server.port), '0']);
    marks.kill = at(startedAt);
    console.log(`restart: SIGTERM to redis-server (pid ${redis.current.child.pid}) at ${marks.kill.toFixed(1)} s`);
    await stopRedis(redis.current);
    marks.down = at(startedAt);
    const restartAt = performance.now() + OUTAGE_SECONDS * 1000;
    await sleep(1000);
    // Twice during the outage: 1 s after Redis went away, and just before it comes back.
    for (const when of ['1 s into the outage', 'at the end of the outage']) {
      probes.push([`/ready ${when}`, await ready(server.port), '200 "degraded"']);
      probes.push([`hokusai_degraded ${when}`, await degradedGauge(server.port), '1']);
      await sleep(Math.max(0, restartAt - performance.now() - 500));
    }
    await sleep(Math.max(0, restartAt - performance.now()));
    marks.start = at(startedAt);
    redis.current = await startRedis(REDIS_PORT);
    marks.up = at(startedAt);
    console.log(
      `restart: redis-server (pid ${redis.current.child.pid}) answers PING again at ${marks.up.toFixed(1)} s`,
    );
    // Until the service says "ready" again (its reconnect backs off up to 2 s), at most 20 s.
    const deadline = performance.now() + 20_000;
    let last = '';
    while (performance.now() < deadline && !(last = await ready(server.port)).includes('"status":"ready"'))
      await sleep(200);
    marks.ready = last.includes('"status":"ready"') ? at(startedAt) : NaN;
    probes.push(['/ready after Redis returned (first "ready" seen, or the last answer)', last, '200 "ready"']);
    probes.push(['hokusai_degraded after Redis returned', await degradedGauge(server.port), '0']);
    await sleep(5000);
    probes.push(['/ready 5 s later', await ready(server.port), '200 "ready"']);
    probes.push(['hokusai_degraded 5 s later', await degradedGauge(server.port), '0']);
  };
  console.log(`restart: ${RESTART_SECONDS} s of mixed traffic, Redis stopped at the middle for ${OUTAGE_SECONDS} s`);
  const run = await mix(server, keys, RESTART_SECONDS, outage);
  trafficTable(`restart, ${RESTART_SECONDS} s (Redis down from ${ms(marks.kill)} s to ${ms(marks.up)} s)`, run);

  // Answers by when they arrived: before the SIGTERM, Redis down (until it answered PING again), and after.
  const phases: [string, number, number][] = [
    [`before (0 to ${marks.kill.toFixed(0)} s)`, 0, Math.floor(marks.kill)],
    [`outage (${marks.kill.toFixed(0)} to ${marks.up.toFixed(0)} s)`, Math.floor(marks.kill), Math.ceil(marks.up)],
    [`after (${marks.up.toFixed(0)} s to the end)`, Math.ceil(marks.up), Infinity],
  ];
  tables.push(
    `\n**restart**: answers per class by when they arrived (2xx / non-2xx / errors)\n`,
    `| class | ${phases.map(([p]) => p).join(' | ')} |`,
    `|---|${phases.map(() => '---:').join('|')}|`,
    ...CLASSES.map(
      (c) =>
        `| ${c} | ${phases
          .map(([, from, to]) => {
            const s = run.timeline[c]
              .slice(from, to === Infinity ? undefined : to)
              .reduce((a, b) => ({ ok: a.ok + b.ok, non2xx: a.non2xx + b.non2xx, errors: a.errors + b.errors }), {
                ok: 0,
                non2xx: 0,
                errors: 0,
              });
            return `${s.ok} / ${s.non2xx} / ${s.errors}`;
          })
          .join(' | ')} |`,
    ),
  );
  const bad = CLASSES.flatMap((c) =>
    run.timeline[c].map((s, i) => ({ c, i, ...s })).filter((s) => s.non2xx || s.errors),
  );
  figureTable(`restart, ${RESTART_SECONDS} s: the Redis outage`, [
    ['redis-server SIGTERM sent / exited (s into the run)', `${ms(marks.kill)} / ${ms(marks.down)}`, ''],
    ['redis-server started again / answering PING (s)', `${ms(marks.start)} / ${ms(marks.up)}`, ''],
    [
      'service reported "ready" again (s), after Redis answered PING (s)',
      `${ms(marks.ready)}, ${ms(marks.ready - marks.up)}`,
      '< 5',
    ],
    ...probes,
    [
      'seconds with any non-2xx or error (class@second: non-2xx/errors)',
      bad.length
        ? bad
            .slice(0, 30)
            .map((s) => `${s.c}@${s.i}: ${s.non2xx}/${s.errors}`)
            .join(', ')
        : 'none',
      'none',
    ],
    // On recovery only the snapshots are dropped (and re-read by id); the in-process proofs stay true.
    ...counterFigures(run, '0'),
    // No warm-up here, so no growth figure: the soak run is the one that judges memory.
    ...rssFigures(run.rss, 0).filter(([f]) =>
      ['RSS before', 'RSS at the end', 'max RSS', 'RSS samples'].some((p) => f.startsWith(p)),
    ),
  ]);
  for (const c of CLASSES) console.log(`restart ${c}: ${JSON.stringify(run.results[c])}`);
}

async function main(): Promise<void> {
  const databaseUrl = benchDatabaseUrl();
  if (await portInUse(REDIS_PORT))
    throw new Error(
      `127.0.0.1:${REDIS_PORT} is in use: set BENCH_REDIS_PORT to a free port (this bench stops its Redis)`,
    );
  await ensureDatabase(databaseUrl);
  console.log(`starting redis-server on ${HOST}:${REDIS_PORT} (log: ${REDIS_LOG})`);
  const redis = { current: await startRedis(REDIS_PORT) };
  try {
    console.log(`starting the bench server on ${HOST}:${PORT} (log: ${LOG_FILE})`);
    const server = await startBenchServer(databaseUrl, `redis://${HOST}:${REDIS_PORT}/0`, PORT, LOG_FILE, {
      BCRYPT_ROUNDS: String(ROUNDS),
      LOG_LEVEL: 'warn',
      USAGE_AUTH: 'open',
      ...UNLIMITED_INGEST,
    });
    try {
      console.log(`service pid ${server.pid}`);
      if (RUNS.includes('soak')) await soak(server);
      if (RUNS.includes('restart')) await restart(server, redis);
    } finally {
      await server.stop();
    }
  } finally {
    await stopRedis(redis.current);
  }
  printTables();
}

main().catch((err: unknown) => {
  console.error(err);
  if (tables.length) printTables();
  process.exit(1);
});
