import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Outside production an unset ADMIN_TOKEN is generated once and kept under DATA_DIR, so a newcomer's
 * `npm start` works and the token survives restarts. It is shown once, on stderr, never through the logger.
 */
export function resolveAdminToken(dataDir: string, port = 8000): string {
  if (dataDir.startsWith('memory://')) return announce(randomBytes(32).toString('base64url'), 'memory only', port);
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return announce(token, `kept in ${file}`, port);
}

function announce(token: string, where: string, port: number): string {
  process.stderr.write(
    `\nGenerated an admin token (${where}); it is shown only this once:\n\n  ${token}\n\n` +
      `Use it as: curl -H "Authorization: Bearer ${token}" http://localhost:${port}/api/v1/keys\n` +
      `Set ADMIN_TOKEN to choose your own (required in production).\n\n`,
  );
  return token;
}
