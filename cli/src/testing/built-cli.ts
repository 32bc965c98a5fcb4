import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CliRun } from './cli-harness';

/* The built `hokusai` bin (cli/dist/main.js) as a child process, for tests that need the real executable. */

export const CLI_ROOT = resolve(__dirname, '..', '..');
export const REPO_ROOT = resolve(CLI_ROOT, '..');
export const BUILT_CLI = join(CLI_ROOT, 'dist', 'main.js');

/**
 * CI builds before it tests; locally, build when cli/dist/main.js is missing or older than cli/src or client/src.
 * Only the two packages are built (`npm run build -w @hokusai/cli`), never the service.
 */
export function ensureBuiltCli(): string {
  if (isFresh()) return BUILT_CLI;
  const build = spawnSync('npm', ['run', 'build', '-w', '@hokusai/cli'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (build.status !== 0 || !isFresh()) {
    throw new Error(`Could not build ${BUILT_CLI} (npm run build -w @hokusai/cli):\n${build.stdout}${build.stderr}`);
  }
  return BUILT_CLI;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  home: string;
  /** Written to the child's stdin, which is a pipe (never a TTY). */
  stdin?: string;
}

export function spawnCli(args: string[], options: SpawnOptions): Promise<CliRun> {
  // Only what the test names: HOKUSAI_* of the developer's shell must not leak in.
  const env = { PATH: process.env.PATH ?? '', HOME: options.home, ...options.env };
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BUILT_CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

function isFresh(): boolean {
  if (!existsSync(BUILT_CLI)) return false;
  const built = statSync(BUILT_CLI).mtimeMs;
  return ['cli/src', 'client/src'].every((dir) => newestSource(join(REPO_ROOT, dir)) <= built);
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}
