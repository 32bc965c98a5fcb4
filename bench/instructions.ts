/*
 * Instructions per request, the service against the framework's floor: each server runs under valgrind's callgrind,
 * which counts instructions, not time (the same build, input and environment give the same count whatever else this
 * shared machine is doing). Per route pair, each side is warmed with BENCH_WARMUP requests, its counters are zeroed
 * (callgrind_control -z), BENCH_REQUESTS more are sent, BENCH_CONNECTIONS at a time, and the counters are dumped
 * (callgrind_control -d). The figure is the whole process's instructions (every thread: JIT, GC helpers, the
 * worker pool) per request; floor/service is the throughput ratio bench:floor would find on a quiet machine where
 * CPU is the only limit, and it tells apart changes of a few microseconds that requests/s here cannot.
 * Valgrind runs the service some 50 times slower, so its clock-driven paths would take over: the Redis deadline and
 * the cache lease are set to their maxima, and a count during which the service counted Redis down, or logged more
 * than 1 % of its requests as slow, is refused (it would include the degraded path or those log lines). Run it
 * alone on the machine.
 *
 * Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/hokusai_bench REDIS_URL=redis://127.0.0.1:6379/9 \
 *        npm run bench:instructions
 * Knobs: BENCH_WARMUP (3000), BENCH_REQUESTS (3000), BENCH_CONNECTIONS (2), BENCH_PORT (18950), BENCH_ONLY (a word of
 * the pairs to run, e.g. "Bearer" or "live"), BENCH_SERVICE_BUILD (another compiled tree, as for bench:validation-ab,
 * to count an earlier build of the service: counts do not drift, so two runs compare). Each start under valgrind
 * takes a minute or more.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchDatabaseUrl, ensureDatabase } from './usage-bench-kit';
import {
  BARE_PATH,
  benchRedisUrl,
  bodyForm,
  createKeyViaApi,
  FLOOR_KEY,
  HOST,
  knob,
  Launch,
  startBenchServer,
  startMinimalNest,
  VALIDATE_BODY,
  VALIDATE_PATH,
} from './validation-bench-kit';

const WARMUP = knob('BENCH_WARMUP', 3000);
const REQUESTS = knob('BENCH_REQUESTS', 3000);
const CONNECTIONS = knob('BENCH_CONNECTIONS', 2);
const PORT = knob('BENCH_PORT', 18950);
const ONLY = process.env.BENCH_ONLY;
const LOG_FILE = '/tmp/hokusai-bench-instructions.log';
/** Log messages that mean a count included the path the service takes when Redis looks down: refused outright. */
const DEGRADED = ['Redis unreachable', 'Key proofs unavailable'];
/** A slow request costs its log line only (some 1/20,000 of a count): refused past 1 % of the counted requests. */
const SLOW = 'Slow request';
const SERVICE_BUILD = process.env.BENCH_SERVICE_BUILD;

interface Call {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

interface Pair {
  name: string;
  service: (key: string) => Call;
  floor: Call;
}

const PAIRS: Pair[] = [
  {
    name: 'validate, body form',
    service: (key) => ({ method: 'POST', path: VALIDATE_PATH, body: bodyForm(key) }),
    floor: { method: 'POST', path: BARE_PATH, body: bodyForm(FLOOR_KEY) },
  },
  {
    name: 'validate, Bearer form',
    service: (key) => ({ method: 'POST', path: VALIDATE_PATH, body: VALIDATE_BODY, headers: bearer(key) }),
    floor: {
      method: 'POST',
      path: BARE_PATH,
      body: VALIDATE_BODY,
      headers: bearer(FLOOR_KEY),
    },
  },
  {
    name: 'GET /live',
    service: () => ({ method: 'GET', path: '/live' }),
    floor: { method: 'GET', path: '/bench/live' },
  },
  {
    name: 'GET /health',
    service: () => ({ method: 'GET', path: '/health' }),
    floor: { method: 'GET', path: '/bench/health' },
  },
];

function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

/** `count` requests, `CONNECTIONS` at a time over keep-alive; every answer must be a 200. */
async function send(port: number, call: Call, count: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  let left = count;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const headers = { 'content-type': 'application/json', ...call.headers };
      const req = request({ host: HOST, port, path: call.path, method: call.method, agent, headers }, (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`${call.path} answered ${res.statusCode}`)),
        );
      });
      req.on('error', reject);
      req.end(call.body);
    });
  const worker = async () => {
    while (left-- > 0) await one();
  };
  try {
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  } finally {
    agent.destroy();
  }
}

/**
 * Instructions the process under callgrind spent per request of `call`, after a warm-up. With `logFile`, the lines
 * the process logged while it was counted must show none of the clock-driven paths.
 */
async function instructionsPerRequest(
  pid: number,
  dir: string,
  port: number,
  call: Call,
  logFile?: string,
): Promise<number> {
  await send(port, call, WARMUP);
  execFileSync('callgrind_control', ['-z', String(pid)], { stdio: 'ignore' });
  const from = logFile ? statSync(logFile).size : 0;
  await send(port, call, REQUESTS);
  execFileSync('callgrind_control', ['-d', String(pid)], { stdio: 'ignore' });
  if (logFile) refuseTimedPaths(readFileSync(logFile).subarray(from).toString('utf8'));
  return totalInstructions(newestDump(dir)) / REQUESTS;
}

function refuseTimedPaths(logged: string): void {
  const seen = DEGRADED.filter((m) => logged.includes(m));
  if (seen.length) throw new Error(`counted requests took the degraded path (${seen.join(', ')}; see ${LOG_FILE})`);
  const slow = logged.split(SLOW).length - 1;
  if (slow > REQUESTS / 100) throw new Error(`${slow} counted requests were logged as slow; see ${LOG_FILE}`);
}

function newestDump(dir: string): string {
  const files = readdirSync(dir).map((f) => join(dir, f));
  if (!files.length) throw new Error(`callgrind wrote no dump to ${dir}`);
  return files.reduce((a, b) => (statSync(a).mtimeMs >= statSync(b).mtimeMs ? a : b));
}

/** The dump's event total ("summary:" or "totals:", instructions first). */
function totalInstructions(file: string): number {
  const line = /^(?:summary|totals):\s+(\d+)/m.exec(readFileSync(file, 'utf8'));
  if (!line) throw new Error(`no instruction total in ${file}`);
  return Number(line[1]);
}

function underCallgrind(dir: string): Launch {
  return {
    wrapper: ['valgrind', '--tool=callgrind', `--callgrind-out-file=${join(dir, 'callgrind.%p.out')}`, '--quiet'],
    readyWithinMs: 15 * 60_000,
  };
}

async function main(): Promise<void> {
  const databaseUrl = benchDatabaseUrl();
  await ensureDatabase(databaseUrl);
  const pairs = PAIRS.filter((p) => !ONLY || p.name.includes(ONLY));
  const serviceDir = mkdtempSync(join(tmpdir(), 'hokusai-callgrind-service-'));
  const floorDir = mkdtempSync(join(tmpdir(), 'hokusai-callgrind-floor-'));
  console.log('starting both servers under callgrind (a minute or more each) ...');
  const floor = await startMinimalNest(PORT + 1, underCallgrind(floorDir));
  const service = await startBenchServer(
    databaseUrl,
    benchRedisUrl(),
    PORT,
    LOG_FILE,
    // Valgrind's pace must not pass for a Redis fault or a silent replica; the key's one bcrypt hash at the lowest
    // production cost, or creating it outlasts the bench's request timeout.
    { REDIS_COMMAND_TIMEOUT_MS: '10000', CACHE_LEASE_MS: '60000', BCRYPT_ROUNDS: '10' },
    SERVICE_BUILD ? join(SERVICE_BUILD, 'bench') : undefined,
    underCallgrind(serviceDir),
  );
  const rows: string[] = [];
  try {
    const key = await createKeyViaApi(PORT, 'instructions');
    for (const pair of pairs) {
      const s = await instructionsPerRequest(service.pid, serviceDir, PORT, pair.service(key), LOG_FILE);
      const f = await instructionsPerRequest(floor.pid, floorDir, PORT + 1, pair.floor);
      const row = `| ${pair.name} | ${Math.round(s).toLocaleString('en')} | ${Math.round(f).toLocaleString('en')} | ${(f / s).toFixed(3)} |`;
      console.log(row);
      rows.push(row);
    }
  } finally {
    await Promise.all([service.stop(), floor.stop()]);
  }
  console.log(
    `\ninstructions per request (callgrind, whole process; ${WARMUP} warm-up then ${REQUESTS} counted, ` +
      `${CONNECTIONS} at a time)\n| route | service | floor | floor/service |\n|---|---|---|---|`,
  );
  for (const r of rows) console.log(r);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
