import { readFileSync } from 'node:fs';

/*
 * CPU seconds a process has used (user + system, from /proc/<pid>/stat). On this shared 2-core machine a
 * neighbour's load moves requests per second by 10 to 20 % between minutes, but it hardly moves the CPU one
 * request costs the server itself: the benches report CPU per request beside the throughput, as a steadier ratio.
 */
const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK)

export function cpuSeconds(pid: number): number {
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is the
  // 14th field of the line, stime the 15th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Runs `work` and returns its result with the CPU microseconds `pid` spent per request answered meanwhile. */
export async function withCpuPerRequest<T extends { ok: number; non2xx: number }>(
  pid: number,
  work: () => Promise<T>,
): Promise<T & { cpuMicros: number }> {
  const before = cpuSeconds(pid);
  const result = await work();
  const spent = cpuSeconds(pid) - before;
  return { ...result, cpuMicros: (spent * 1e6) / Math.max(1, result.ok + result.non2xx) };
}
