import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { closedPortUrl, FakeHokusaiServer } from '@hokusai/auth-client/testing';
import { CLI_ROOT, ensureBuiltCli, spawnCli } from './testing/built-cli';
import { CliHarness } from './testing/cli-harness';

describe('hokusai bin (spawned node cli/dist/main.js)', () => {
  let server: FakeHokusaiServer;
  let cli: CliHarness;
  let env: Record<string, string>;
  let bin: string;

  beforeAll(() => {
    bin = ensureBuiltCli();
  }, 180_000);

  beforeEach(async () => {
    server = new FakeHokusaiServer();
    env = { HOKUSAI_AUTH_SERVICE_URL: await server.listen(), HOKUSAI_ADMIN_TOKEN: server.adminToken };
    cli = new CliHarness();
  });
  afterEach(async () => {
    cli.cleanup();
    await server.close();
  });

  it('is the bin of @hokusai/cli and starts with a node shebang', () => {
    const pkg = JSON.parse(readFileSync(join(CLI_ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ hokusai: 'dist/main.js' });
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('creates a key and lists it with --format json, both parsed back', async () => {
    const created = await spawnCli(
      ['auth', 'create-key', '--name', 'Spawned', '--scope', 'model:read', '--format', 'json'],
      { env, home: cli.home },
    );
    expect(created.code).toBe(0);
    const body = JSON.parse(created.stdout);
    expect(body).toEqual({
      api_key: expect.stringMatching(/^hk_live_/),
      key_id: expect.any(String),
      key_info: expect.any(Object),
    });
    expect(created.stderr).toContain('shown only once');

    const listed = await spawnCli(['auth', 'list-keys', '--format', 'json'], { env, home: cli.home });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([body.key_info]);
  });

  it('resolves settings flag > env > INI profile', async () => {
    cli.writeConfig(`[ci]\nadmin_token = ${server.adminToken}\nauth_service_url = ${server.url}\n`);
    const fromFile = await spawnCli(['auth', 'list-keys', '--profile', 'ci', '--format', 'json'], {
      env: {},
      home: cli.home,
    });
    expect(fromFile).toEqual({ code: 0, stdout: '[]\n', stderr: '' });

    const envWins = await spawnCli(['auth', 'list-keys', '--profile', 'ci'], {
      env: { HOKUSAI_ADMIN_TOKEN: 'env-token' },
      home: cli.home,
    });
    expect(envWins.code).toBe(1);
    expect(envWins.stderr).toContain('Error: Invalid or missing admin token (HTTP 401)');

    const flagWins = await spawnCli(
      ['auth', 'list-keys', '--profile', 'ci', '--admin-token', server.adminToken, '--format', 'json'],
      {
        env: { HOKUSAI_ADMIN_TOKEN: 'env-token' },
        home: cli.home,
      },
    );
    expect(flagWins.code).toBe(0);
    expect(server.requestsTo('/api/v1/keys').map((r) => r.headers.authorization)).toEqual([
      `Bearer ${server.adminToken}`,
      'Bearer env-token',
      `Bearer ${server.adminToken}`,
    ]);
  });

  it('refuses to revoke without a terminal unless --yes is given', async () => {
    const { info } = server.addKey();
    const refused = await spawnCli(['auth', 'revoke-key', info.key_id], { env, home: cli.home, stdin: 'y\n' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('stdin is not a terminal. Pass --yes to revoke.');
    expect(info.is_active).toBe(true);

    const done = await spawnCli(['auth', 'revoke-key', info.key_id, '--yes'], { env, home: cli.home });
    expect(done).toEqual({ code: 0, stdout: `API key revoked successfully: ${info.key_id}\n`, stderr: '' });
    expect(info.is_active).toBe(false);
  });

  it('exits 0 for a valid key, 1 for a refused one, 2 for an unreachable service, without stack traces', async () => {
    const { apiKey } = server.addKey();
    expect(
      (await spawnCli(['auth', 'validate'], { env: { ...env, HOKUSAI_API_KEY: apiKey }, home: cli.home })).code,
    ).toBe(0);

    const refused = await spawnCli(['auth', 'validate', '--key', 'hk_live_nope'], { env, home: cli.home });
    expect(refused).toEqual({ code: 1, stdout: '', stderr: 'API key is not valid: API key not found or invalid\n' });

    const down = await spawnCli(['auth', 'list-keys'], {
      env: { ...env, HOKUSAI_AUTH_SERVICE_URL: await closedPortUrl() },
      home: cli.home,
    });
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/^Error: Cannot reach the auth service at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(down.stderr).not.toMatch(/\n\s+at /);
  });
});
