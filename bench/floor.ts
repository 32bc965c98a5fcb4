/*
 * The service against the framework's floor (issue "Validation at the framework's floor"): each route of the
 * service beside the same route of a minimal Nest app in its own process (bench/minimal-nest-server.ts: one
 * controller, nothing global, the same request, an answer of the same size). Rounds alternate which side goes
 * first; every figure is a ratio measured within one round, and the medians over BENCH_ROUNDS are the result:
 *   validate, body form {"api_key","service_id"}      vs POST /bench/bare   (target >= 0.85x req/s, p99 <= 1.25x)
 *   validate, Bearer form {"service_id","client_ip"}  vs POST /bench/bare   (same targets)
 *   GET /live and GET /health                          vs GET /bench/live, /bench/health (target >= 0.95x)
 *   validate (body form) paced evenly at half the floor's capacity vs the floor at the same pace (p99 <= 1.25x),
 *     with each side's CPU per request at that pace (how busy each runs is what its tail follows)
 * A route inside the service is never the baseline: it pays the service's whole global pipeline too.
 *
 * Run: npm run bench:floor (builds into .bench-build/ first), with DATABASE_URL (a database named *bench*) and
 * REDIS_URL. Knobs: BENCH_ROUNDS (5), BENCH_DURATION s (10), BENCH_CONNECTIONS (64), BENCH_PACED_DURATION s (10),
 * BENCH_PORT (18700), BENCH_ONLY (a word of the pairs to run, e.g. "live" or "Bearer"; the paced phase runs only
 * without it or with BENCH_ONLY=paced), BENCH_STORE=memory (no Redis: what the rate limit's round trip costs),
 * BENCH_SERVICE_NODE_ARGS and BENCH_FLOOR_NODE_ARGS (node flags for each side, e.g. a heap setting),
 * BENCH_FLOOR_ADAPTER=prototypes (the floor on the service's ExpressPrototypesAdapter, see minimal-nest-server.ts).
 */
import { withCpuPerRequest } from './process-cpu';
import { benchDatabaseUrl, ensureDatabase, percentile } from './usage-bench-kit';
import {
  benchRedisUrl,
  bodyForm,
  createKeyViaApi,
  FLOOR_KEY,
  load,
  LoadResult,
  LoadSpec,
  paced,
  startBenchServer,
  startMinimalNest,
  VALIDATE_PATH,
  knob,
  nodeArgsFrom,
} from './validation-bench-kit';

const ROUNDS = knob('BENCH_ROUNDS', 5);
const SECONDS = knob('BENCH_DURATION', 10);
const CONNECTIONS = knob('BENCH_CONNECTIONS', 64);
const PACED_SECONDS = knob('BENCH_PACED_DURATION', 10);
const PORT = knob('BENCH_PORT', 18700);
const FLOOR = PORT + 1;
const ONLY = process.env.BENCH_ONLY;
const KEYS_PER_RUN = 3;

interface Pair {
  name: string;
  service: Omit<LoadSpec, 'connections' | 'seconds'>;
  floor: Omit<LoadSpec, 'connections' | 'seconds'>;
  rpsTarget: number;
  p99Target?: number;
}

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

async function main(): Promise<void> {
  const databaseUrl = benchDatabaseUrl();
  await ensureDatabase(databaseUrl);
  const floor = await startMinimalNest(FLOOR, nodeArgsFrom('BENCH_FLOOR_NODE_ARGS'));
  // BENCH_STORE=memory: the service on its in-memory store, so the Redis round trip's share of the gap shows.
  const redisUrl = process.env.BENCH_STORE === 'memory' ? undefined : benchRedisUrl();
  const service = await startBenchServer(
    databaseUrl,
    redisUrl,
    PORT,
    '/tmp/hokusai-bench-floor.log',
    {},
    undefined,
    nodeArgsFrom('BENCH_SERVICE_NODE_ARGS'),
  );
  try {
    // Fresh keys for every run of validate, KEYS_PER_RUN of them, cycled per connection: a 10 s run at 10,000/s
    // spends the largest hourly limit (100,000) of one key. The floor cycles as many requests of the same size.
    let made = 0;
    const freshKeys = () =>
      Promise.all(Array.from({ length: KEYS_PER_RUN }, () => createKeyViaApi(PORT, `floor ${made++}`)));
    const freshKey = async () => (await freshKeys())[0];
    const post = (path: string, body: string, headers: Record<string, string> = {}) => ({
      method: 'POST' as const,
      path,
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });
    const bare: Spec = {
      port: FLOOR,
      path: '/bench/bare',
      requests: Array.from({ length: KEYS_PER_RUN }, () => post('/bench/bare', bodyForm(FLOOR_KEY))),
    };
    type Spec = Omit<LoadSpec, 'connections' | 'seconds'>;
    const all: (Omit<Pair, 'service'> & { service: () => Promise<Spec> })[] = [
      {
        name: 'validate, body form',
        service: async () => ({
          port: PORT,
          path: VALIDATE_PATH,
          requests: (await freshKeys()).map((key) => post(VALIDATE_PATH, bodyForm(key))),
        }),
        floor: bare,
        rpsTarget: 0.85,
        p99Target: 1.25,
      },
      {
        name: 'validate, Bearer form',
        service: async () => ({
          port: PORT,
          path: VALIDATE_PATH,
          requests: (await freshKeys()).map((key) =>
            post(VALIDATE_PATH, JSON.stringify({ service_id: 'platform', client_ip: '203.0.113.10' }), {
              authorization: `Bearer ${key}`,
            }),
          ),
        }),
        floor: bare,
        rpsTarget: 0.85,
        p99Target: 1.25,
      },
      {
        name: 'GET /live',
        service: () => Promise.resolve({ port: PORT, path: '/live', method: 'GET' }),
        floor: { port: FLOOR, path: '/bench/live', method: 'GET' },
        rpsTarget: 0.95,
      },
      {
        name: 'GET /health',
        service: () => Promise.resolve({ port: PORT, path: '/health', method: 'GET' }),
        floor: { port: FLOOR, path: '/bench/health', method: 'GET' },
        rpsTarget: 0.95,
      },
    ];
    const pairs = all.filter((p) => !ONLY || p.name.includes(ONLY));
    const pidOf = (port: number) => (port === FLOOR ? floor.pid : service.pid);
    const run = async (
      spec: Omit<LoadSpec, 'connections' | 'seconds'>,
      seconds = SECONDS,
    ): Promise<LoadResult & { cpuMicros: number }> => {
      const r = await withCpuPerRequest(pidOf(spec.port), () => load({ ...spec, connections: CONNECTIONS, seconds }));
      if (r.non2xx + r.errors > 0)
        throw new Error(`${spec.path} on ${spec.port}: non-2xx ${JSON.stringify(r.statusCodes)}, errors ${r.errors}`);
      return r;
    };
    // Warm-up: JIT and connection pools on both sides.
    for (const p of pairs) {
      await run(await p.service(), 2);
      await run(p.floor, 2);
    }

    const summary: string[] = [];
    const floorCapacity: number[] = [];
    for (const p of pairs) {
      const rps: number[] = [];
      const p99: number[] = [];
      const cpu: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const serviceFirst = round % 2 === 1;
        const service = await p.service();
        const a = await run(serviceFirst ? service : p.floor);
        const b = await run(serviceFirst ? p.floor : service);
        const [s, f] = serviceFirst ? [a, b] : [b, a];
        if (p.floor === bare) floorCapacity.push(f.rps);
        rps.push(s.rps / f.rps);
        p99.push(s.p99 / f.p99);
        cpu.push(f.cpuMicros / s.cpuMicros);
        console.log(
          `${p.name}, round ${round + 1}: service ${s.rps.toFixed(0)} req/s p99 ${s.p99.toFixed(1)} ms ${s.cpuMicros.toFixed(0)} µs CPU/req; ` +
            `floor ${f.rps.toFixed(0)} req/s p99 ${f.p99.toFixed(1)} ms ${f.cpuMicros.toFixed(0)} µs CPU/req; ` +
            `ratio ${rps.at(-1)!.toFixed(2)}, p99 ${p99.at(-1)!.toFixed(2)}, CPU-per-request ratio (floor/service) ${cpu.at(-1)!.toFixed(2)}`,
        );
      }
      const p99Part = p.p99Target ? `; p99 ratio median ${median(p99).toFixed(2)} (target <= ${p.p99Target})` : '';
      summary.push(
        `| ${p.name} | ${rps.map((x) => x.toFixed(2)).join(' ')} | ${median(rps).toFixed(2)} (target >= ${p.rpsTarget})${p99Part} | ` +
          `${cpu.map((x) => x.toFixed(2)).join(' ')} (median ${median(cpu).toFixed(2)}) |`,
      );
    }

    if (!ONLY || ONLY === 'paced') {
      if (!floorCapacity.length) floorCapacity.push((await run(bare)).rps);
      const pace = Math.round(median(floorCapacity) / 2);
      const pacedP99: number[] = [];
      const pacedCpu: number[] = [];
      // Its own warm-up: with BENCH_ONLY=paced no pair above has run on the service.
      const warm = bodyForm(await freshKey());
      await paced(PORT, pace, 2, CONNECTIONS, () => ({ path: VALIDATE_PATH, body: warm, headers: {} }));
      await paced(FLOOR, pace, 2, CONNECTIONS, () => ({ path: '/bench/bare', body: warm, headers: {} }));
      for (let round = 0; round < ROUNDS; round++) {
        const body = bodyForm(await freshKey());
        // CPU per request too: at an even pace each request meets cold caches, so it costs more than under
        // saturation, and how busy each side runs at the same pace is what its tail latency follows.
        const service = () =>
          withCpuPerRequest(pidOf(PORT), () =>
            paced(PORT, pace, PACED_SECONDS, CONNECTIONS, () => ({ path: VALIDATE_PATH, body, headers: {} })),
          );
        const floorRun = () =>
          withCpuPerRequest(floor.pid, () =>
            paced(FLOOR, pace, PACED_SECONDS, CONNECTIONS, () => ({ path: '/bench/bare', body, headers: {} })),
          );
        const s = round % 2 ? await service() : undefined;
        const f = await floorRun();
        const sp = s ?? (await service());
        pacedP99.push(sp.p99 / f.p99);
        pacedCpu.push(f.cpuMicros / sp.cpuMicros);
        console.log(
          `paced ${pace} req/s, round ${round + 1}: service p50 ${sp.p50.toFixed(2)} p99 ${sp.p99.toFixed(2)} ms ` +
            `${sp.cpuMicros.toFixed(0)} µs CPU/req; floor p50 ${f.p50.toFixed(2)} p99 ${f.p99.toFixed(2)} ms ` +
            `${f.cpuMicros.toFixed(0)} µs CPU/req; p99 ratio ${pacedP99.at(-1)!.toFixed(2)}`,
        );
      }
      summary.push(
        `| validate paced at ${pace} req/s (half the floor), p99 ratio | ${pacedP99.map((x) => x.toFixed(2)).join(' ')} | ${median(pacedP99).toFixed(2)} (target <= 1.25) | ` +
          `${pacedCpu.map((x) => x.toFixed(2)).join(' ')} (median ${median(pacedCpu).toFixed(2)}) |`,
      );
    }

    console.log(
      '\n| against the minimal Nest app | req/s ratio per round | median | floor CPU per request / service CPU per request |\n|---|---|---|---|',
    );
    for (const line of summary) console.log(line);
  } finally {
    await Promise.all([service.stop(), floor.stop()]);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
