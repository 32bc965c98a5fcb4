import type { AddressInfo } from 'node:net';
import { ensureBuiltCli, spawnCli } from '../cli/src/testing/built-cli';
import { CliHarness } from '../cli/src/testing/cli-harness';
import { createTestApp, TestApp } from './harness/test-app';
import { TEST_ADMIN_TOKEN } from './harness/test-env';

/*
 * The `hokusai` bin (node cli/dist/main.js, spawned) against the real service: AppModule, migrations, the real
 * database (PostgreSQL in CI, PGlite otherwise), listening on a free port. Issue 8, item 4.
 */
describe('hokusai CLI against the real service', () => {
  let sut: TestApp;
  let cli: CliHarness;
  let url: string;
  let env: Record<string, string>;
  const hokusai = (args: string[], extra: { env?: Record<string, string>; stdin?: string } = {}) =>
    spawnCli(args, { env: extra.env ?? env, home: cli.home, stdin: extra.stdin });
  const json = async (args: string[]) => {
    const res = await hokusai([...args, '--format', 'json']);
    expect({
      code: res.code,
      stderr: res.stderr.replace(/Store this API key now.*\n|Update every service.*\n/g, ''),
    }).toEqual({
      code: 0,
      stderr: '',
    });
    return JSON.parse(res.stdout);
  };

  beforeAll(async () => {
    ensureBuiltCli();
    sut = await createTestApp();
    await sut.app.listen(0);
    url = `http://127.0.0.1:${(sut.app.getHttpServer().address() as AddressInfo).port}`;
    env = { HOKUSAI_AUTH_SERVICE_URL: url, HOKUSAI_ADMIN_TOKEN: TEST_ADMIN_TOKEN };
    cli = new CliHarness();
  }, 180_000);
  afterAll(async () => {
    cli?.cleanup();
    await sut?.close();
  });

  it('runs a whole session: create, list, validate, rotate, revoke', async () => {
    const created = await json([
      'auth',
      'create-key',
      '--name',
      'Session Key',
      '--environment',
      'test',
      '--scope',
      'model:read',
      '--expires-in-days',
      '30',
    ]);
    expect(created).toMatchObject({
      api_key: expect.stringMatching(/^hk_test_[0-9A-Za-z]{32}$/),
      key_id: created.key_info.key_id,
      key_info: {
        id: created.key_id,
        name: 'Session Key',
        key_prefix: `hk_test_${created.api_key.slice(8, 11)}***`,
        service_id: 'platform',
        scopes: ['model:read'],
        environment: 'test',
        is_active: true,
        rate_limit_per_hour: 1000,
        revoked_at: null,
      },
    });
    const daysAhead = (Date.parse(created.key_info.expires_at) - Date.now()) / 86_400_000;
    expect(daysAhead).toBeGreaterThan(29);
    expect(daysAhead).toBeLessThanOrEqual(30);

    const listed = await json(['auth', 'list-keys']);
    expect(listed).toEqual([created.key_info]);
    const table = await hokusai(['auth', 'list-keys']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(created.key_id);
    expect(table.stdout).not.toContain(created.api_key);

    const valid = await hokusai(
      ['auth', 'validate', '--service', 'platform', '--scope', 'model:read', '--format', 'json'],
      {
        env: { ...env, HOKUSAI_API_KEY: created.api_key },
      },
    );
    expect(valid.code).toBe(0);
    expect(JSON.parse(valid.stdout)).toMatchObject({
      is_valid: true,
      key_id: created.key_id,
      service_id: 'platform',
      scopes: ['model:read'],
    });

    const wrongService = await hokusai(['auth', 'validate', '--key', created.api_key, '--service', 'website']);
    expect(wrongService).toEqual({
      code: 1,
      stdout: '',
      stderr: 'API key is not valid: API key not valid for service website\n',
    });

    const rotated = await json(['auth', 'rotate-key', created.key_id, '--grace-hours', '1']);
    expect(rotated).toMatchObject({
      api_key: expect.stringMatching(/^hk_test_/),
      previous_key_id: created.key_id,
      previous_key_valid_until: expect.stringMatching(/\+00:00$/),
      key_info: { rotated_from: created.key_id, scopes: ['model:read'], environment: 'test' },
    });
    expect((await hokusai(['auth', 'validate', '--key', created.api_key])).code).toBe(0);
    expect((await hokusai(['auth', 'validate', '--key', rotated.api_key])).code).toBe(0);

    const refused = await hokusai(['auth', 'revoke-key', rotated.key_id], { stdin: 'y\n' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('stdin is not a terminal. Pass --yes to revoke.');
    expect((await hokusai(['auth', 'validate', '--key', rotated.api_key])).code).toBe(0);

    const revoked = await hokusai(['auth', 'revoke-key', rotated.key_id, '--yes']);
    expect(revoked).toEqual({ code: 0, stdout: `API key revoked successfully: ${rotated.key_id}\n`, stderr: '' });
    const dead = await hokusai(['auth', 'validate', '--key', rotated.api_key]);
    expect(dead).toEqual({ code: 1, stdout: '', stderr: 'API key is not valid: API key is inactive\n' });

    const stats = await json(['auth', 'usage', created.key_id]);
    expect(stats).toMatchObject({
      key_id: created.key_id,
      period: new Date().toISOString().slice(0, 7),
      top_endpoints: [],
    });
  });

  it('prints the new key once in table form with a warning to store it', async () => {
    const res = await hokusai([
      'auth',
      'create-key',
      '--name',
      'Table Key',
      '--service',
      'prediction',
      '--allowed-ip',
      '203.0.113.10',
    ]);
    expect(res.code).toBe(0);
    const key = /\n {2}(hk_live_[0-9A-Za-z]{32})\n/.exec(res.stdout)?.[1];
    expect(key).toBeDefined();
    expect(res.stdout.split(key as string)).toHaveLength(2);
    expect(res.stdout).toContain('Allowed IPs: 203.0.113.10');
    expect(res.stderr).toBe('Store this API key now: it is shown only once and cannot be recovered.\n');
  });

  it('reads the INI profile, lets the environment override it and a flag override both', async () => {
    cli.writeConfig(
      `[default]\nadmin_token = not-this-one\n\n[e2e]\nadmin_token = ${TEST_ADMIN_TOKEN}\nauth_service_url = ${url}\n`,
    );
    expect((await hokusai(['auth', 'list-keys', '--profile', 'e2e', '--format', 'json'], { env: {} })).code).toBe(0);

    const envWins = await hokusai(['auth', 'list-keys', '--profile', 'e2e'], {
      env: { HOKUSAI_ADMIN_TOKEN: 'wrong-env-token' },
    });
    expect(envWins.code).toBe(1);
    expect(envWins.stderr).toContain('Error: Invalid or missing admin token (HTTP 401)');

    const flagWins = await hokusai(
      ['auth', 'list-keys', '--profile', 'e2e', '--admin-token', TEST_ADMIN_TOKEN, '--format', 'json'],
      {
        env: { HOKUSAI_ADMIN_TOKEN: 'wrong-env-token' },
      },
    );
    expect(flagWins.code).toBe(0);
    expect(Array.isArray(JSON.parse(flagWins.stdout))).toBe(true);
  });

  it("exits 1 with the service's detail when it refuses, and 2 on usage errors", async () => {
    const invalid = await hokusai(['auth', 'create-key', '--name', 'x', '--rate-limit', '5']);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(
      /^Error: the service rejected the request \(HTTP 422\):\n {2}body\.rate_limit_per_hour: .+\n$/,
    );

    const unknown = await hokusai(['auth', 'revoke-key', '6f1c1d2e-8c53-4a51-9a56-2f0f6d1e5a11', '--yes']);
    expect(unknown).toEqual({ code: 1, stdout: '', stderr: 'Error: API key not found (HTTP 404)\n' });

    const bare = new CliHarness();
    const noToken = await spawnCli(['auth', 'list-keys'], { env: { HOKUSAI_AUTH_SERVICE_URL: url }, home: bare.home });
    bare.cleanup();
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('Error: No admin token');
  });
});
