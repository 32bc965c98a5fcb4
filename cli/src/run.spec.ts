import { FakeHokusaiServer } from '@hokusai/auth-client/testing';
import { CliHarness } from './testing/cli-harness';

// An escape sequence: ESC followed by '['.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[`);

describe('hokusai auth (in-process)', () => {
  let server: FakeHokusaiServer;
  let cli: CliHarness;
  let env: Record<string, string>;

  beforeEach(async () => {
    server = new FakeHokusaiServer();
    env = { HOKUSAI_AUTH_SERVICE_URL: await server.listen(), HOKUSAI_ADMIN_TOKEN: server.adminToken };
    cli = new CliHarness();
  });
  afterEach(async () => {
    cli.cleanup();
    await server.close();
  });

  describe('create-key', () => {
    it('sends the flags as the contract body and prints the key once, with a warning to store it', async () => {
      const argv = ['auth', 'create-key', '--name', 'ML Platform Key', '--environment', 'test', '--rate-limit', '100'];
      argv.push('--allowed-ip', '192.168.1.100', '--allowed-ip', '10.0.0.1', '--expires-in-days', '30');
      argv.push('--scope', 'model:read', '--scope', 'model:write');
      const res = await cli.run(argv, { env });
      expect(res.code).toBe(0);
      expect(server.requestsTo('/api/v1/keys')[0].body).toEqual({
        name: 'ML Platform Key',
        service_id: 'platform',
        environment: 'test',
        rate_limit_per_hour: 100,
        allowed_ips: ['192.168.1.100', '10.0.0.1'],
        expires_in_days: 30,
        scopes: ['model:read', 'model:write'],
      });
      const [stored] = server.store.keys.values();
      expect(res.stdout.split(stored.apiKey)).toHaveLength(2);
      expect(res.stdout).toContain(`Key ID:      ${stored.info.key_id}`);
      expect(res.stdout).toContain('Scopes:      model:read, model:write');
      expect(res.stdout).not.toMatch(ANSI);
      expect(res.stderr).toBe('Store this API key now: it is shown only once and cannot be recovered.\n');
    });

    it('prints the 201 body as JSON with --format json, the warning on stderr only', async () => {
      const res = await cli.run(['auth', 'create-key', '--name', 'k', '--service', 'prediction', '--format', 'json'], {
        env,
      });
      expect(res.code).toBe(0);
      const body = JSON.parse(res.stdout);
      expect(body).toEqual({
        api_key: expect.stringMatching(/^hk_live_/),
        key_id: expect.any(String),
        key_info: expect.any(Object),
      });
      expect(body.key_info.service_id).toBe('prediction');
      expect(res.stderr).toContain('shown only once');
    });

    it('exits 1 with the readable 422 summary when the service rejects a value', async () => {
      const res = await cli.run(['auth', 'create-key', '--name', 'k', '--rate-limit', '5'], { env });
      expect(res).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'Error: the service rejected the request (HTTP 422):\n  body.rate_limit_per_hour: Invalid value for rate_limit_per_hour\n',
      });
    });

    it.each([
      [['auth', 'create-key'], "error: required option '--name <name>' not specified"],
      [
        ['auth', 'create-key', '--name', 'k', '--rate-limit', 'many'],
        "error: option '--rate-limit <n>' argument 'many' is invalid",
      ],
      [
        ['auth', 'create-key', '--name', 'k', '--environment', 'staging'],
        "argument 'staging' is invalid. Allowed choices are production, test, development",
      ],
      [['auth', 'list-keys', '--format', 'yaml'], "argument 'yaml' is invalid. Allowed choices are table, json"],
      [['auth', 'nope'], "error: unknown command 'nope'"],
      [[], 'Usage: hokusai [options] [command]'],
    ])('exits 2 on a usage error: %j', async (argv, message) => {
      const res = await cli.run(argv, { env });
      expect(res.code).toBe(2);
      expect(res.stderr).toContain(message);
      expect(server.received).toHaveLength(0);
    });
  });

  describe('list-keys', () => {
    it('prints a table of keys, newest first', async () => {
      const a = server.addKey({ name: 'first' }).info;
      const b = server.addKey({ name: 'second', environment: 'test' }).info;
      server.store.revoke(a.key_id);
      const res = await cli.run(['auth', 'list-keys'], { env });
      expect(res.code).toBe(0);
      const lines = res.stdout.split('\n');
      expect(lines[1]).toMatch(
        /│ Key ID +│ Name +│ Prefix +│ Service +│ Environment │ Status +│ Rate\/h │ Created +│ Expires +│ Last used │/,
      );
      expect(lines[3]).toMatch(
        new RegExp(`│ ${b.key_id} │ second +│ hk_test_\\w{3}\\*\\*\\* │ platform │ test +│ active +│ 1000 +│`),
      );
      expect(lines[4]).toMatch(new RegExp(`│ ${a.key_id} │ first +│ .* │ revoked │`));
      expect(res.stdout).toContain('2 keys.');
    });

    it('prints JSON that parses back to the service answer, and passes filters', async () => {
      const { info } = server.addKey({ service_id: 'website' });
      const res = await cli.run(['auth', 'list-keys', '--service', 'website', '--active-only', '--format', 'json'], {
        env,
      });
      expect(JSON.parse(res.stdout)).toEqual([info]);
      expect(server.requestsTo('/api/v1/keys')[0].query.toString()).toBe('service_id=website&active_only=true');
    });

    it('says so when there are no keys', async () => {
      expect(await cli.run(['auth', 'list-keys'], { env })).toEqual({
        code: 0,
        stdout: 'No API keys found.\n',
        stderr: '',
      });
    });

    it('colours only when stdout is a terminal', async () => {
      server.addKey();
      expect((await cli.run(['auth', 'list-keys'], { env, stdoutIsTTY: true })).stdout).toMatch(ANSI);
      expect(
        (await cli.run(['auth', 'list-keys'], { env: { ...env, NO_COLOR: '1' }, stdoutIsTTY: true })).stdout,
      ).not.toMatch(ANSI);
    });
  });

  describe('revoke-key', () => {
    it('revokes at once with --yes', async () => {
      const { info } = server.addKey();
      const res = await cli.run(['auth', 'revoke-key', info.key_id, '--yes'], { env });
      expect(res).toEqual({ code: 0, stdout: `API key revoked successfully: ${info.key_id}\n`, stderr: '' });
      expect(info.is_active).toBe(false);
    });

    it('refuses with exit 2, without calling the service, when stdin is not a terminal and --yes is missing', async () => {
      const { info } = server.addKey();
      const res = await cli.run(['auth', 'revoke-key', info.key_id], { env, stdinIsTTY: false });
      expect(res.code).toBe(2);
      expect(res.stderr).toBe(
        `Error: Refusing to revoke ${info.key_id} without confirmation: stdin is not a terminal. Pass --yes to revoke.\n`,
      );
      expect(server.received).toHaveLength(0);
      expect(info.is_active).toBe(true);
    });

    it('asks on a terminal and revokes on "y"', async () => {
      const { info } = server.addKey({ name: 'Production Key' });
      const res = await cli.run(['auth', 'revoke-key', info.key_id], { env, typed: 'y\n' });
      expect(res.code).toBe(0);
      expect(res.stderr).toBe(
        `Revoke API key "Production Key" (${info.key_prefix}, ${info.key_id})? Every client using it will be refused. [y/N] `,
      );
      expect(info.is_active).toBe(false);
    });

    it.each(['n\n', '\n', ''])('keeps the key on any other answer (%j) and exits 1', async (typed) => {
      const { info } = server.addKey();
      const res = await cli.run(['auth', 'revoke-key', info.key_id], { env, typed });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('Aborted: the key was not revoked.');
      expect(server.received.filter((r) => r.method === 'DELETE')).toHaveLength(0);
      expect(info.is_active).toBe(true);
    });

    it('exits 1 with the detail for an unknown key', async () => {
      const res = await cli.run(['auth', 'revoke-key', '6f1c1d2e-8c53-4a51-9a56-2f0f6d1e5a11', '--yes'], { env });
      expect(res).toEqual({ code: 1, stdout: '', stderr: 'Error: API key not found (HTTP 404)\n' });
    });
  });

  describe('rotate-key', () => {
    it('sends --grace-hours and says until when the old key stays valid', async () => {
      const { info } = server.addKey();
      const res = await cli.run(['auth', 'rotate-key', info.key_id, '--grace-hours', '24'], { env });
      expect(res.code).toBe(0);
      expect(server.requestsTo(`/api/v1/keys/${info.key_id}/rotate`)[0].body).toEqual({ grace_period_hours: 24 });
      const next = [...server.store.keys.values()].find((k) => k.info.rotated_from === info.key_id)!;
      expect(res.stdout).toContain(`  ${next.apiKey}\n`);
      expect(res.stdout).toMatch(
        new RegExp(`The old key ${info.key_id} remains valid until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\.`),
      );
      expect(res.stderr).toContain('shown only once');
    });

    it('says the old key died at once when there is no grace period, and prints JSON on request', async () => {
      const { info } = server.addKey();
      const res = await cli.run(['auth', 'rotate-key', info.key_id, '--format', 'json'], { env });
      expect(JSON.parse(res.stdout)).toMatchObject({ previous_key_id: info.key_id, previous_key_valid_until: null });
      expect(server.requestsTo(`/api/v1/keys/${info.key_id}/rotate`)[0].body).toBeUndefined();
      const table = await cli.run(['auth', 'rotate-key', JSON.parse(res.stdout).key_id], { env });
      expect(table.stdout).toContain(`The old key ${JSON.parse(res.stdout).key_id} was revoked immediately.`);
    });

    it('exits 1 with the 409 detail for a rotated key', async () => {
      const { info } = server.addKey();
      await cli.run(['auth', 'rotate-key', info.key_id], { env });
      const res = await cli.run(['auth', 'rotate-key', info.key_id], { env });
      expect(res).toEqual({ code: 1, stdout: '', stderr: 'Error: API key was already rotated (HTTP 409)\n' });
    });
  });
});
