import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * Nothing locks a PGlite folder, and two processes on one folder corrupt it (ARCHITECTURE.md, PGlite). The
 * service writes its pid here while it runs; the migration CLI refuses a folder whose pid is alive.
 */
const lockFile = (dataDir: string) => join(dataDir, 'pglite.pid');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function assertDataDirFree(dataDir: string): void {
  const file = lockFile(dataDir);
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, 'utf8'));
  if (pid && pid !== process.pid && alive(pid)) {
    throw new Error(`The embedded database in ${dataDir} is in use by process ${pid}; stop the service first.`);
  }
}

export function holdDataDir(dataDir: string): () => void {
  assertDataDirFree(dataDir);
  writeFileSync(lockFile(dataDir), String(process.pid));
  return () => rmSync(lockFile(dataDir), { force: true });
}
