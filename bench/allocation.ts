/*
 * How many bytes one request allocates, by package and by function: V8's sampling heap profiler, counting the
 * objects the garbage collector already took (what a request costs the young generation, not what it keeps). The
 * server runs in this process, as bench/validation-server.ts builds it (or BENCH_TARGET=floor: the minimal Nest
 * app); the load comes from autocannon in a child process, so its own allocations stay out of the profile. A
 * warm-up precedes the sampled window. Bytes are deterministic where CPU figures are not on this machine: use it
 * to decide a change that allocates less, then confirm with the CPU benches.
 *
 * Run: npm run bench:allocation, with DATABASE_URL (a database named *bench*) and REDIS_URL.
 * Knobs: BENCH_DURATION s (10), BENCH_PORT (18950), BENCH_TOP (25), BENCH_TARGET (service|floor), BENCH_SURVIVORS=1
 * (count only objects that outlived a young-generation collection: what a request makes the old generation pay).
 */
import { spawn } from 'node:child_process';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { BENCH_ADMIN_TOKEN, benchDatabaseUrl, ensureDatabase, httpGet } from './usage-bench-kit';
import {
  BARE_BODY,
  BARE_PATH,
  benchRedisUrl,
  bodyForm,
  createKeyViaApi,
  knob,
  VALIDATE_PATH,
} from './validation-bench-kit';

const SECONDS = knob('BENCH_DURATION', 10);
const PORT = knob('BENCH_PORT', 18950);
const TOP = knob('BENCH_TOP', 25);
const FLOOR = process.env.BENCH_TARGET === 'floor';
/** BENCH_SURVIVORS=1: only what outlived a young-generation collection (promoted to the old generation, or kept). */
const PROMOTED = process.env.BENCH_SURVIVORS === '1';

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

/** Runs autocannon in a child process and returns how many requests it completed. */
function load(seconds: number, path: string, body: string): Promise<number> {
  const cli = join(__dirname, '..', '..', 'node_modules', '.bin', 'autocannon');
  const args = ['-c', '64', '-d', String(seconds), '-j', '-m', 'POST', '-H', 'Content-Type=application/json'];
  const child = spawn(cli, [...args, '-b', body, `http://127.0.0.1:${PORT}${path}`], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0
        ? resolve((JSON.parse(out) as { requests: { total: number } }).requests.total)
        : reject(new Error(`autocannon exited ${code}`)),
    ),
  );
}

function packageOf(url: string): string {
  if (url.includes('node_modules/')) {
    const parts = url.split('node_modules/').pop()!.split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.includes('/src/')) return 'service src/';
  return url.startsWith('node:') ? 'node internals' : url || '(native)';
}

function table(title: string, totals: Map<string, number>, requests: number): void {
  console.log(`\n| ${title} | bytes per request |\n|---|---|`);
  for (const [name, bytes] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    console.log(`| ${name} | ${Math.round(bytes / requests)} |`);
}

async function main(): Promise<void> {
  process.env.PORT = String(PORT);
  if (!FLOOR) {
    const databaseUrl = benchDatabaseUrl();
    await ensureDatabase(databaseUrl);
    Object.assign(process.env, {
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      DATABASE_URL: databaseUrl,
      REDIS_URL: benchRedisUrl(),
      ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    });
  }
  // Each server module starts listening on PORT when loaded.
  await import(FLOOR ? './minimal-nest-server.js' : './validation-server.js');
  const probe = FLOOR ? '/bench/live' : '/ready';
  while ((await httpGet(PORT, probe).catch(() => ({ status: 0 }))).status !== 200)
    await new Promise((resolve) => setTimeout(resolve, 200));
  const [path, body] = FLOOR
    ? [BARE_PATH, BARE_BODY]
    : [VALIDATE_PATH, bodyForm(await createKeyViaApi(PORT, 'allocation'))];
  await load(5, path, body);

  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) =>
      session.post(method, params, (err, res) => (err ? reject(err) : resolve(res as T))),
    );
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', {
    samplingInterval: 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: !PROMOTED,
  });
  const requests = await load(SECONDS, path, body);
  const { profile } = await post<{ profile: { head: ProfileNode } }>('HeapProfiler.stopSampling');

  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const walk = (n: ProfileNode): void => {
    const { functionName, url, lineNumber } = n.callFrame;
    add(byPackage, packageOf(url), n.selfSize);
    add(
      byFunction,
      `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`,
      n.selfSize,
    );
    n.children.forEach(walk);
  };
  walk(profile.head);
  const total = [...byPackage.values()].reduce((a, b) => a + b, 0);
  console.log(
    `${FLOOR ? BARE_PATH : VALIDATE_PATH}: ${requests} requests in ${SECONDS} s; ${(total / requests / 1024).toFixed(1)} KB ${PROMOTED ? 'surviving a young-generation collection' : 'allocated'} per request`,
  );
  table('package', byPackage, requests);
  table('function', byFunction, requests);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
