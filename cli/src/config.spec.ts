import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from './config';
import { CliError } from './io';
import { CliHarness } from './testing/cli-harness';

const INI = `
[default]
api_key = hk_live_fromfile
admin_token = file-admin-token
auth_service_url = https://auth.hokus.ai

[staging]
admin_token = staging-admin-token
auth_service_url = https://auth.staging.hokus.ai
api_key = hk_test_staging
`;

describe('resolveConfig', () => {
  let cli: CliHarness;

  beforeEach(() => {
    cli = new CliHarness();
  });
  afterEach(() => cli.cleanup());

  it('defaults to http://localhost:8000 and nothing else when no source says anything', () => {
    expect(resolveConfig({}, {}, cli.home)).toEqual({
      url: 'http://localhost:8000',
      adminToken: undefined,
      apiKey: undefined,
      profile: 'default',
      configPath: join(cli.home, '.hokusai', 'config'),
      overriddenByEnv: [],
    });
  });

  it('reads the [default] section of ~/.hokusai/config', () => {
    cli.writeConfig(INI);
    expect(resolveConfig({}, {}, cli.home)).toMatchObject({
      url: 'https://auth.hokus.ai',
      adminToken: 'file-admin-token',
      apiKey: 'hk_live_fromfile',
    });
  });

  it('reads another section with --profile', () => {
    cli.writeConfig(INI);
    expect(resolveConfig({ profile: 'staging' }, {}, cli.home)).toMatchObject({
      url: 'https://auth.staging.hokus.ai',
      adminToken: 'staging-admin-token',
      apiKey: 'hk_test_staging',
      profile: 'staging',
      overriddenByEnv: [],
    });
  });

  it('lets the environment beat the file, and flags beat both', () => {
    cli.writeConfig(INI);
    const env = {
      HOKUSAI_ADMIN_TOKEN: 'env-admin-token',
      HOKUSAI_API_KEY: 'hk_live_fromenv',
      HOKUSAI_AUTH_SERVICE_URL: 'http://env:8000',
    };
    expect(resolveConfig({ profile: 'staging' }, env, cli.home)).toMatchObject({
      url: 'http://env:8000',
      adminToken: 'env-admin-token',
      apiKey: 'hk_live_fromenv',
      overriddenByEnv: ['HOKUSAI_AUTH_SERVICE_URL', 'HOKUSAI_ADMIN_TOKEN', 'HOKUSAI_API_KEY'],
    });
    const flags = { profile: 'staging', url: 'http://flag:1', adminToken: 'flag-token', key: 'hk_live_fromflag' };
    expect(resolveConfig(flags, env, cli.home)).toMatchObject({
      url: 'http://flag:1',
      adminToken: 'flag-token',
      apiKey: 'hk_live_fromflag',
      overriddenByEnv: [],
    });
  });

  it('treats empty environment variables as unset', () => {
    cli.writeConfig(INI);
    expect(resolveConfig({}, { HOKUSAI_ADMIN_TOKEN: '' }, cli.home).adminToken).toBe('file-admin-token');
  });

  it.each([
    [{ profile: 'prod' }, INI, 'Profile "prod" not found in'],
    [{ profile: 'prod' }, null, 'Profile "prod" not found:'],
    [{ url: 'ftp://x' }, null, 'Invalid auth service URL "ftp://x": use http:// or https://'],
    [{ url: 'not a url' }, null, 'Invalid auth service URL "not a url"'],
  ])('refuses %j as a configuration error', (flags, ini, message) => {
    if (ini) cli.writeConfig(ini);
    let thrown: unknown;
    try {
      resolveConfig(flags, {}, cli.home);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(CliError);
    expect((thrown as CliError).message).toContain(message);
    expect((thrown as CliError).exitCode).toBe(2);
  });

  it('ignores a missing file when no profile is named', () => {
    const empty = mkdtempSync(join(tmpdir(), 'hokusai-empty-'));
    expect(resolveConfig({}, {}, empty).url).toBe('http://localhost:8000');
    rmSync(empty, { recursive: true });
  });
});
