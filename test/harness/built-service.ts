import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';

/*
 * The service as its own process, for the tests that need one (shutdown, start-up refusals): CI builds dist/ before
 * the tests; when dist/ is missing or older than the sources, the service is compiled into a temporary folder
 * instead (tsc, about 20 s).
 */
export const ROOT = join(__dirname, '..', '..');
const BUILD_CACHE = join(ROOT, 'node_modules', '.cache');

function newestMtime(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }, 0);
}

/** dist/src/main.js when it is newer than every source, else a fresh build's. */
export function builtEntry(): string {
  const dist = join(ROOT, 'dist', 'src', 'main.js');
  const sources = Math.max(newestMtime(join(ROOT, 'src')), newestMtime(join(ROOT, 'migrations')));
  if (existsSync(dist) && statSync(dist).mtimeMs >= sources) return dist;
  // Inside the project, so the build's requires find node_modules (from the OS temp folder they find nothing).
  mkdirSync(BUILD_CACHE, { recursive: true });
  const out = mkdtempSync(join(BUILD_CACHE, 'hokusai-build-'));
  try {
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        'tsconfig.build.json',
        '--outDir',
        out,
        '--sourceMap',
        'false',
      ],
      { cwd: ROOT, stdio: 'pipe' },
    );
  } catch {
    // Type errors elsewhere do not stop tsc from emitting; a missing entry below is what fails.
  }
  return join(out, 'src', 'main.js');
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
