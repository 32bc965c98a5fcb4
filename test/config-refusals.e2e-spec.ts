import { spawn } from 'node:child_process';
import { ConfigError } from '../src/config/load-config';
import { builtEntry, ROOT } from './harness/built-service';
import { createTestApp } from './harness/test-app';

/** Issue 16 items 4 and 11: settings that cannot work, or let a caller choose its address, stop the app at start. */
const STRONG = 'z'.repeat(40);

describe('configuration refused at start (issue 16 items 4 and 11)', () => {
  it.each([
    [
      { NODE_ENV: 'production', ADMIN_TOKEN: STRONG, ADMIN_TOKEN_PREVIOUS: 'p'.repeat(16) },
      'ADMIN_TOKEN_PREVIOUS must be at least 32 characters in production',
    ],
    [
      { NODE_ENV: 'production', ADMIN_TOKEN: STRONG, USAGE_TOKEN: 'u'.repeat(16) },
      'USAGE_TOKEN must be at least 32 characters in production',
    ],
    [
      { ADMIN_TOKEN: `${STRONG}\n` },
      'ADMIN_TOKEN must not contain whitespace (a trailing newline from a secret file?)',
    ],
    [
      { ADMIN_TOKEN: ' '.repeat(32) },
      'ADMIN_TOKEN must not contain whitespace (a trailing newline from a secret file?)',
    ],
    [{ USAGE_TOKEN: `${STRONG} ` }, 'USAGE_TOKEN must not contain whitespace (a trailing newline from a secret file?)'],
    [
      { TRUST_PROXY: 'true' },
      'TRUST_PROXY must be a hop count or a list of proxy CIDRs; true (trust every hop) lets any caller choose its address',
    ],
  ])('%j: one line naming the variable, never its value', async (env, message) => {
    const start = createTestApp({ env });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(new ConfigError(message));
  });

  it('32 characters without whitespace start in production', async () => {
    const sut = await createTestApp({
      env: {
        NODE_ENV: 'production',
        ADMIN_TOKEN: STRONG,
        ADMIN_TOKEN_PREVIOUS: 'p'.repeat(32),
        USAGE_TOKEN: 'u'.repeat(32),
        BCRYPT_ROUNDS: '10',
      },
      clean: false,
    });
    expect(sut.config.adminTokens).toEqual([STRONG, 'p'.repeat(32)]);
    await sut.close();
  });
});

describe('a refused configuration, as an operator sees it', () => {
  it('the service process prints one line naming the variable, no stack, and exits 1', async () => {
    const child = spawn(process.execPath, [builtEntry()], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', ADMIN_TOKEN: 'short', DATA_DIR: 'memory://' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toBe('Configuration error: ADMIN_TOKEN must be set and at least 32 characters in production\n');
  }, 60_000);
});
