import { closedPortUrl, FakeHokusaiServer } from '@hokusai/auth-client/testing';
import { CliHarness } from './testing/cli-harness';

describe('hokusai auth validate, usage, configuration and failures (in-process)', () => {
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

  describe('validate', () => {
    it('checks the key from --key and prints what it grants', async () => {
      const { apiKey, info } = server.addKey({ scopes: ['model:read'] });
      const res = await cli.run(
        ['auth', 'validate', '--key', apiKey, '--service', 'platform', '--scope', 'model:read'],
        { env },
      );
      expect(res.code).toBe(0);
      expect(res.stdout).toBe(
        [
          'API key is valid.',
          `Key ID:       ${info.key_id}`,
          'User:         admin',
          'Service:      platform',
          'Environment:  production',
          'Scopes:       model:read',
          'Rate limit:   1000 requests/hour',
          'Billing plan: free',
          'Expires:      never',
          '',
        ].join('\n'),
      );
      const [sent] = server.requestsTo('/api/v1/keys/validate');
      expect(sent.headers.authorization).toBe(`Bearer ${apiKey}`);
      expect(sent.body).toEqual({ service_id: 'platform', required_scope: 'model:read' });
    });

    it('uses HOKUSAI_API_KEY, and prints the 200 body with --format json', async () => {
      const { apiKey, info } = server.addKey();
      const res = await cli.run(['auth', 'validate', '--format', 'json'], { env: { ...env, HOKUSAI_API_KEY: apiKey } });
      expect(res.code).toBe(0);
      expect(JSON.parse(res.stdout)).toMatchObject({ is_valid: true, key_id: info.key_id });
    });

    it('exits 1 with the reason when the key is refused, as JSON too', async () => {
      const { apiKey, info } = server.addKey();
      server.store.revoke(info.key_id);
      const res = await cli.run(['auth', 'validate', '--key', apiKey], { env });
      expect(res).toEqual({ code: 1, stdout: '', stderr: 'API key is not valid: API key is inactive\n' });
      const json = await cli.run(['auth', 'validate', '--key', apiKey, '--format', 'json'], { env });
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toEqual({ is_valid: false, error: 'API key is inactive', code: 'REVOKED' });
    });

    it('says when to retry after a 429', async () => {
      const { apiKey } = server.addKey({ rate_limit_per_hour: 1 });
      await cli.run(['auth', 'validate', '--key', apiKey], { env });
      const res = await cli.run(['auth', 'validate', '--key', apiKey], { env });
      expect(res).toMatchObject({
        code: 1,
        stderr: 'API key is not valid: Rate limit exceeded (retry after 1800 s)\n',
      });
    });

    it('exits 2 when no key is configured anywhere', async () => {
      const res = await cli.run(['auth', 'validate'], { env });
      expect(res.code).toBe(2);
      expect(res.stderr).toBe(
        `Error: No API key: pass --key, set HOKUSAI_API_KEY, or add api_key to [default] in ${cli.home}/.hokusai/config\n`,
      );
    });
  });

  describe('usage', () => {
    it("prints the month's statistics and top endpoints", async () => {
      const { info } = server.addKey();
      server.store.recordUsage(info.key_id, {
        service_id: 'platform',
        endpoint: '/predict',
        status_code: 200,
        response_time_ms: 30,
      });
      server.store.recordUsage(info.key_id, {
        service_id: 'platform',
        endpoint: '/predict',
        status_code: 500,
        response_time_ms: 10,
      });
      const res = await cli.run(['auth', 'usage', info.key_id, '--period', '2026-11'], { env });
      expect(res.code).toBe(0);
      expect(server.requestsTo(`/api/v1/usage/${info.key_id}/stats`)[0].query.get('period')).toBe('2026-11');
      expect(res.stdout).toContain('Period:       2026-11\nRequests:     2\n');
      expect(res.stdout).toContain('Avg response: 20 ms\nError rate:   50 %\n');
      expect(res.stdout).toMatch(/│ \/predict +│ 2 +│/);
    });

    it('prints JSON with --format json and refuses a malformed --period with exit 2', async () => {
      const { info } = server.addKey();
      const json = await cli.run(['auth', 'usage', info.key_id, '--format', 'json'], { env });
      expect(JSON.parse(json.stdout)).toMatchObject({ key_id: info.key_id, total_requests: 0, top_endpoints: [] });
      const bad = await cli.run(['auth', 'usage', info.key_id, '--period', '2026-13'], { env });
      expect(bad).toEqual({
        code: 2,
        stdout: '',
        stderr: 'Error: Invalid --period "2026-13": use YYYY-MM, e.g. 2026-11\n',
      });
    });
  });

  describe('configuration', () => {
    it('takes the admin token and URL from the INI profile when neither flags nor env give them', async () => {
      cli.writeConfig(
        `[default]\nadmin_token = wrong\n\n[ops]\nadmin_token = ${server.adminToken}\nauth_service_url = ${server.url}\n`,
      );
      const res = await cli.run(['auth', 'list-keys', '--profile', 'ops'], { env: {} });
      expect(res).toEqual({ code: 0, stdout: 'No API keys found.\n', stderr: '' });
    });

    it('lets the environment override the profile, with a note, and flags override both', async () => {
      cli.writeConfig(`[ops]\nadmin_token = wrong-from-file\nauth_service_url = ${server.url}\n`);
      const viaEnv = await cli.run(['auth', 'list-keys', '--profile', 'ops'], {
        env: { HOKUSAI_ADMIN_TOKEN: server.adminToken },
      });
      expect(viaEnv.code).toBe(0);
      expect(viaEnv.stderr).toBe('Note: HOKUSAI_ADMIN_TOKEN is set and overrides the value in profile "ops"\n');

      const viaFlag = await cli.run(['auth', 'list-keys', '--profile', 'ops', '--admin-token', 'wrong-from-flag'], {
        env: { HOKUSAI_ADMIN_TOKEN: server.adminToken },
      });
      expect(viaFlag).toEqual({ code: 1, stdout: '', stderr: 'Error: Invalid or missing admin token (HTTP 401)\n' });
      expect(server.requestsTo('/api/v1/keys').map((r) => r.headers.authorization)).toEqual([
        `Bearer ${server.adminToken}`,
        'Bearer wrong-from-flag',
      ]);
    });

    it('accepts global options before the command too', async () => {
      const res = await cli.run(
        ['--url', server.url, '--admin-token', server.adminToken, 'auth', 'list-keys', '--format', 'json'],
        {
          env: {},
        },
      );
      expect(res).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    });

    it('exits 2 without an admin token, naming every place one can come from', async () => {
      const res = await cli.run(['auth', 'list-keys'], { env: { HOKUSAI_AUTH_SERVICE_URL: server.url } });
      expect(res).toEqual({
        code: 2,
        stdout: '',
        stderr: `Error: No admin token: pass --admin-token, set HOKUSAI_ADMIN_TOKEN, or add admin_token to [default] in ${cli.home}/.hokusai/config\n`,
      });
    });

    it('exits 2 for an unknown profile', async () => {
      cli.writeConfig('[default]\nadmin_token = x\n');
      const res = await cli.run(['auth', 'list-keys', '--profile', 'nope'], { env });
      expect(res.code).toBe(2);
      expect(res.stderr).toBe(`Error: Profile "nope" not found in ${cli.home}/.hokusai/config\n`);
    });
  });

  describe('failures', () => {
    it('exits 2 with one line, no stack trace, when the service is unreachable', async () => {
      const url = await closedPortUrl();
      const res = await cli.run(['auth', 'list-keys'], { env: { ...env, HOKUSAI_AUTH_SERVICE_URL: url } });
      expect(res).toEqual({
        code: 2,
        stdout: '',
        stderr: `Error: Cannot reach the auth service at ${url} (ECONNREFUSED). Is the service running? Set --url, HOKUSAI_AUTH_SERVICE_URL or auth_service_url.\n`,
      });
    });

    it('exits 1 with the detail of a 5xx after the retries', async () => {
      server.fail('/api/v1/keys', 5, 503);
      const res = await cli.run(['auth', 'list-keys'], { env });
      expect(res).toEqual({
        code: 1,
        stdout: '',
        stderr: 'Error: Service temporarily unavailable (HTTP 503; retry after 0 s)\n',
      });
    });

    it('prints help and version with exit 0', async () => {
      const help = await cli.run(['auth', 'rotate-key', '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Usage: hokusai auth rotate-key [options] <key_id>');
      expect(help.stdout).toContain('--grace-hours <n>');
      expect(await cli.run(['--version'])).toEqual({ code: 0, stdout: '1.0.0\n', stderr: '' });
    });
  });
});
