/*
 * Shared by bench/validation.ts and bench/validation-flood.ts: the bench server (validation-server.ts, compiled
 * next to this file) on PostgreSQL + Redis, keys made through the API or straight in the table, and an autocannon
 * wrapper that keeps every 2xx latency at hrtime precision (autocannon's own histogram rounds to whole ms, too
 * coarse for a sub-2 ms target). Load only ever goes to 127.0.0.1 and is bounded by a duration.
 */
import autocannon from 'autocannon';
import { hashSync } from 'bcryptjs';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Client } from 'pg';
import { displayPrefix, generateKey, lookupDigest, parseKey } from '../src/common/keys/key-format';
import { BENCH_ADMIN_TOKEN, httpGet, percentile } from './usage-bench-kit';

export const HOST = '127.0.0.1';
export const VALIDATE_PATH = '/api/v1/keys/validate';
export const BARE_PATH = '/bench/bare';
export const VALIDATE_BODY = JSON.stringify({ service_id: 'platform', client_ip: '203.0.113.10' });
export const BARE_BODY = JSON.stringify({ service_id: 'platform' });
/** A key-shaped string the minimal Nest app receives where the service gets a real key: same bytes on the wire. */
export const FLOOR_KEY = 'hk_live_00000000000000000000000000000000';
/** Validate's body form, `{"api_key","service_id"}`. */
export const bodyForm = (key: string): string => JSON.stringify({ api_key: key, service_id: 'platform' });

/**
 * The platform middleware's debit as the benches send it: a fresh idempotency key each. The bench server runs in
 * production, where usage ingestion takes a token; the admin token is one.
 */
export const debitRequest = (keyId: string) => () => ({
  path: `/api/v1/usage/${keyId}/debit`,
  body: JSON.stringify({
    service_id: 'platform',
    endpoint: '/predict',
    status_code: 0,
    response_time_ms: 5,
    predictions_count: 1,
    idempotency_key: randomUUID(),
  }),
  headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` },
});

/** What the floor's side of a paced comparison sends: the same JSON route with a small body. */
export const bareRequest = () => ({ path: BARE_PATH, body: BARE_BODY, headers: {} });
/** The contract's maximum (CreateKeyDto); a phase spreads its load over enough keys to stay under it. */
export const MAX_RATE_LIMIT_PER_HOUR = 100_000;

/** A numeric knob of a bench from the environment (BENCH_*), or its default. */
export function knob(name: string, fallback: number): number {
  return Number(process.env[name] ?? fallback);
}

/** Node flags for one side of a bench from an environment variable (space-separated), e.g. a heap setting tried on both. */
export function nodeArgsFrom(name: string): Launch {
  const flags = (process.env[name] ?? '').split(' ').filter(Boolean);
  return flags.length ? { nodeArgs: flags } : {};
}

export function benchRedisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('Set REDIS_URL (e.g. redis://127.0.0.1:6379/9): this bench measures the production setup');
  return url;
}

export interface BenchServer {
  port: number;
  /** The service process itself (node runs validation-server.js directly), e.g. for its /proc/<pid>/status. */
  pid: number;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
// Backstop for a crash between start and stop: a bench must never leave a service or a load generator behind.
process.once('exit', () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

/**
 * SIGTERM, then SIGKILL after 5 s: a clean exit is what lets a profiled process write its profile (node --cpu-prof,
 * callgrind). Resolves when the child has exited.
 */
async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null) child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(killer);
}

/** Kills `child` when the bench exits, however it exits; resolves when the child has exited. */
export function track(child: ChildProcess): Promise<void> {
  children.add(child);
  return new Promise((resolve) => child.once('exit', () => (children.delete(child), resolve())));
}

/**
 * validation-server.js in production mode; its log lines go to `logFile` (a flood of warnings would show there).
 * `env` adds to or overrides the service's environment.
 */
export async function startBenchServer(
  databaseUrl: string,
  /** undefined: the in-memory store (BENCH_STORE=memory), to tell the Redis round trip's share from the rest. */
  redisUrl: string | undefined,
  port: number,
  logFile: string,
  env: Record<string, string> = {},
  /** Another compiled tree's bench/ folder, to run an earlier build of the service beside this one. */
  benchDir = __dirname,
  launch: Launch = {},
): Promise<BenchServer> {
  const log = openSync(logFile, 'w');
  const serverEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...env,
  };
  if (redisUrl === undefined) delete serverEnv.REDIS_URL;
  const [command, ...args] = commandLine(launch, join(benchDir, 'validation-server.js'));
  const child = spawn(command, args, { env: serverEnv, stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = track(child);
  const stop = () => terminate(child, exited);
  const readyWithinMs = launch.readyWithinMs ?? 60_000;
  const deadline = Date.now() + readyWithinMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the bench server exited during start; see ${logFile}`);
    if ((await httpGet(port, '/ready')).status === 200) return { port, pid: child.pid!, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the bench server was not ready within ${readyWithinMs / 1000} s; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** How a bench starts a server process: node's own flags, a program to run node under, how long start may take. */
export interface Launch {
  /** Node's own flags, e.g. --cpu-prof (which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
  /** A program and its flags that run node, e.g. valgrind (bench/instructions.ts). */
  wrapper?: string[];
  readyWithinMs?: number;
}

function commandLine(launch: Launch, script: string): string[] {
  return [...(launch.wrapper ?? []), process.execPath, ...(launch.nodeArgs ?? []), script];
}

/** bench/minimal-nest-server.js on `port`: resolves once it listens; stop() kills it. */
export async function startMinimalNest(
  port: number,
  launch: Launch = {},
): Promise<{ pid: number; stop(): Promise<void> }> {
  const [command, ...args] = commandLine(launch, join(__dirname, 'minimal-nest-server.js'));
  const child = spawn(command, args, {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = track(child);
  const readyWithinMs = launch.readyWithinMs ?? 30_000;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the minimal Nest app did not listen within ${readyWithinMs / 1000} s`)),
      readyWithinMs,
    );
    child.stdout.on('data', (d: Buffer) => d.toString().includes('listening') && (clearTimeout(timer), resolve()));
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`the minimal Nest app exited with ${code}`))));
  });
  return { pid: child.pid!, stop: () => terminate(child, exited) };
}

export interface Timed {
  status: number;
  body: string;
  ms: number;
}

export function httpPost(
  port: number,
  path: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      { host: HOST, port, path, method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, ms: performance.now() - started }));
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`POST ${path} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** A key made through POST /api/v1/keys (so the service primes its cache with it): its plaintext and id. */
export async function createKeyRecordViaApi(port: number, name: string): Promise<{ api_key: string; key_id: string }> {
  const res = await httpPost(
    port,
    '/api/v1/keys',
    JSON.stringify({ name, service_id: 'platform', rate_limit_per_hour: MAX_RATE_LIMIT_PER_HOUR }),
    {
      authorization: `Bearer ${BENCH_ADMIN_TOKEN}`,
    },
  );
  if (res.status !== 201) throw new Error(`POST /api/v1/keys answered ${res.status}: ${res.body}`);
  const { api_key, key_id } = JSON.parse(res.body) as { api_key: string; key_id: string };
  return { api_key, key_id };
}

/** createKeyRecordViaApi's plaintext only. */
export async function createKeyViaApi(port: number, name: string): Promise<string> {
  return (await createKeyRecordViaApi(port, name)).api_key;
}

/**
 * A key row written straight to api_keys, as test/harness/factories.ts builds one but at the production cost: no
 * replica has seen it, so its first validation takes the whole cold path (Redis miss, indexed query, bcrypt).
 */
export async function insertColdKey(client: Client, rounds: number): Promise<string> {
  const plaintext = generateKey('production');
  await client.query(
    `INSERT INTO api_keys (name, key_hash, lookup_digest, key_prefix, user_id, service_id, scopes, environment, is_active,
                           rate_limit_per_hour, billing_plan, allowed_ips)
     VALUES ('bench cold', $1, $2, $3, 'admin', 'platform', '{}', 'production', true, $4, 'free', '{}')`,
    [
      hashSync(plaintext, rounds),
      lookupDigest(plaintext),
      displayPrefix(parseKey(plaintext)!),
      MAX_RATE_LIMIT_PER_HOUR,
    ],
  );
  return plaintext;
}

export interface Metrics {
  requests: number;
  validations: Record<string, number>;
  cache: { hits: number; misses: number };
  bcrypt_compares: number;
}

export async function serviceMetrics(port: number): Promise<Metrics> {
  const res = await httpGet(port, '/metrics', { accept: 'application/json' });
  if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
  return JSON.parse(res.body) as Metrics;
}

/**
 * The service's own view of a route's latency: the cumulative counts of hokusai_http_request_duration_seconds
 * for `route` answered 200, by bucket edge in seconds ('+Inf' included). Measured inside the service, from the
 * first middleware to the response's end, so it leaves out the load generator and the sockets.
 */
export async function serverDurations(port: number, route: string): Promise<Record<string, number>> {
  return histogram(
    await prometheusText(port),
    'hokusai_http_request_duration_seconds',
    (labels) => labels.includes(`route="${route}"`) && labels.includes('status="200"'),
  );
}

/** The group commit's flushes so far: cumulative counts of hokusai_usage_flush_duration_seconds by bucket edge. */
export async function flushDurations(port: number): Promise<Record<string, number>> {
  return histogram(await prometheusText(port), 'hokusai_usage_flush_duration_seconds', () => true);
}

/** A Prometheus histogram's cumulative bucket counts by edge, summed over the series whose labels `accept`. */
function histogram(text: string, name: string, accept: (labels: string) => boolean): Record<string, number> {
  const counts: Record<string, number> = {};
  const bucket = new RegExp(`^${name}_bucket\\{(.*)\\} (\\d+)$`);
  for (const line of text.split('\n')) {
    const m = bucket.exec(line);
    if (!m || !accept(m[1])) continue;
    const le = /le="([^"]+)"/.exec(m[1])![1];
    counts[le] = (counts[le] ?? 0) + Number(m[2]);
  }
  return counts;
}

/** Seconds the service's worker pool has spent on bcrypt compares so far (hokusai_bcrypt_duration_seconds_sum). */
export async function compareSeconds(port: number): Promise<number> {
  const m = /^hokusai_bcrypt_duration_seconds_sum\{op="compare"\} ([0-9.e+-]+)$/m.exec(await prometheusText(port));
  // prom-client prints a labelled series only once it has an observation: none before the first compare.
  return m ? Number(m[1]) : 0;
}

async function prometheusText(port: number): Promise<string> {
  const res = await httpGet(port, '/metrics/prometheus', { accept: 'text/plain' });
  if (res.status !== 200) throw new Error(`GET /metrics/prometheus answered ${res.status}`);
  return res.body;
}

/** The share of the answers between two serverDurations readings that took at most `le` seconds inside the service. */
export function shareWithin(before: Record<string, number>, after: Record<string, number>, le: string): number {
  const total = (after['+Inf'] ?? 0) - (before['+Inf'] ?? 0);
  return total ? ((after[le] ?? 0) - (before[le] ?? 0)) / total : NaN;
}

/** Transactions committed in the bench database: every query the service runs outside a transaction is one. */
export async function committedTransactions(client: Client): Promise<number> {
  // The statistics collector publishes with a delay; force a fresh snapshot of it.
  await client.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await client.query<{ xact_commit: string }>(
    'SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(rows[0].xact_commit);
}

export interface LoadSpec {
  port: number;
  path: string;
  /** POST unless set. */
  method?: 'GET' | 'POST';
  connections: number;
  seconds: number;
  /** Requests per second over all connections; unset: as fast as the server answers. */
  rate?: number;
  /** One request per entry, cycled per connection; the default is a single POST of `body`. */
  requests?: autocannon.Request[];
  body?: string;
  headers?: Record<string, string>;
  /** Keep the latency of every answer, not only of 2xx (the flood is all 401). */
  allStatuses?: boolean;
  /** Called for every answer (status, ms at hrtime precision), e.g. to bucket answers by when they came. */
  onAnswer?: (status: number, ms: number) => void;
  /** Called for every connection error or timeout. */
  onError?: (err: Error) => void;
}

export interface LoadResult {
  rps: number;
  ok: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
  /** Of the 2xx answers (all answers with allStatuses), ms at hrtime precision. */
  p50: number;
  p99: number;
  max: number;
}

export async function load(spec: LoadSpec): Promise<LoadResult> {
  const instance = autocannon({
    url: `http://${HOST}:${spec.port}${spec.path}`,
    connections: spec.connections,
    duration: spec.seconds,
    overallRate: spec.rate,
    timeout: 10,
    method: spec.method ?? 'POST',
    headers: spec.method === 'GET' ? spec.headers : { 'content-type': 'application/json', ...spec.headers },
    body: spec.method === 'GET' ? undefined : spec.body,
    requests: spec.requests,
  });
  const latencies: number[] = [];
  instance.on('response', (_client, status, _bytes, ms) => {
    if (spec.allStatuses || (status >= 200 && status < 300)) latencies.push(ms);
    spec.onAnswer?.(status, ms);
  });
  if (spec.onError) instance.on('reqError', spec.onError);
  const r = await instance;
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count]));
  return summarize(
    latencies,
    (r['2xx'] + r.non2xx) / r.duration,
    r['2xx'],
    r.non2xx,
    r.errors + r.timeouts,
    statusCodes,
  );
}

function summarize(
  latencies: number[],
  rps: number,
  ok: number,
  non2xx: number,
  errors: number,
  statusCodes: Record<string, number>,
): LoadResult {
  latencies.sort((a, b) => a - b);
  const at = (p: number) => (latencies.length ? percentile(latencies, p) : NaN);
  return { rps: Math.round(rps), ok, non2xx, errors, statusCodes, p50: at(50), p99: at(99), max: at(100) };
}

/**
 * Open-loop load at an even `rate`: request i is sent at start + i / rate, whatever the answers do, over keep-alive
 * sockets (at most `connections`). autocannon's overallRate is not this: each connection sends its whole
 * per-second budget back to back when the second starts, so "1000 req/s" is a 1000-request burst at full
 * concurrency once a second, and its p99 is the saturated one. Latency runs from the request's actual send (a
 * late timer of this generator is not the service's time), including any wait for a free socket.
 */
export function paced(
  port: number,
  rate: number,
  seconds: number,
  connections: number,
  next: (i: number) => { path: string; body: string; headers: Record<string, string> },
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let sent = 0;
  let done = 0;
  let ok = 0;
  let errors = 0;
  let finished = false;
  const start = performance.now();
  return new Promise((resolve) => {
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(hardStop);
      agent.destroy();
      const elapsed = (performance.now() - start) / 1000;
      resolve(summarize(latencies, (done - errors) / elapsed, ok, done - errors - ok, errors, statusCodes));
    };
    const settled = () => {
      done++;
      if (done === total) finish();
    };
    // Bounded in time as well as in count: answers still missing 10 s after the schedule ends are errors.
    const hardStop = setTimeout(
      () => {
        errors += total - done;
        done = total;
        finish();
      },
      (seconds + 10) * 1000,
    );
    const fire = (i: number) => {
      const { path, body, headers } = next(i);
      const began = performance.now();
      const req = request(
        { host: HOST, port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } },
        (res) => {
          res.resume();
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            statusCodes[status] = (statusCodes[status] ?? 0) + 1;
            if (status >= 200 && status < 300) {
              ok++;
              latencies.push(performance.now() - began);
            }
            settled();
          });
        },
      );
      req.on('error', () => {
        errors++;
        settled();
      });
      req.end(body);
    };
    const tick = () => {
      if (finished) return;
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
      while (sent < due) fire(sent++);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}

/** Bearer requests cycling over `keys`, so one phase's count is split between them (see MAX_RATE_LIMIT_PER_HOUR). */
export function validateRequests(keys: string[]): autocannon.Request[] {
  return keys.map((key) => ({
    method: 'POST',
    path: VALIDATE_PATH,
    body: VALIDATE_BODY,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
  }));
}

export interface FloodResult extends LoadResult {
  /** 401 answers: a well-formed unknown key must be refused as INVALID_KEY. */
  refused: number;
}

/**
 * The wrong-key flood in its own process (bench/validation-flood.js), so its load generator does not share an
 * event loop with the one measuring the valid traffic.
 */
export function startFlood(
  port: number,
  connections: number,
  seconds: number,
  rate?: number,
): { result: Promise<FloodResult>; stop(): void } {
  const args = [
    join(__dirname, 'validation-flood.js'),
    String(port),
    String(connections),
    String(seconds),
    ...(rate ? [String(rate)] : []),
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = track(child);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const result = exited.then(() => {
    if (child.exitCode !== 0) throw new Error(`the flood generator exited with ${child.exitCode ?? child.signalCode}`);
    return JSON.parse(out) as FloodResult;
  });
  return { result, stop: () => void (child.exitCode === null && child.kill('SIGTERM')) };
}
