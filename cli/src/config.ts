import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'ini';
import { CliError } from './io';

/*
 * Where the CLI's settings come from, first match wins (platform documentation, "Configuration"): flags, then the
 * environment (HOKUSAI_ADMIN_TOKEN, HOKUSAI_API_KEY, HOKUSAI_AUTH_SERVICE_URL), then ~/.hokusai/config.
 */
export const DEFAULT_URL = 'http://localhost:8000';
export const DEFAULT_PROFILE = 'default';

export interface ConfigFlags {
  url?: string;
  adminToken?: string;
  key?: string;
  profile?: string;
}

export interface ResolvedConfig {
  url: string;
  adminToken?: string;
  apiKey?: string;
  profile: string;
  configPath: string;
  /** Environment variables that override a value of an explicitly chosen profile: worth a note on stderr. */
  overriddenByEnv: string[];
}

const SETTINGS = [
  { flag: 'url', env: 'HOKUSAI_AUTH_SERVICE_URL', ini: 'auth_service_url' },
  { flag: 'adminToken', env: 'HOKUSAI_ADMIN_TOKEN', ini: 'admin_token' },
  { flag: 'key', env: 'HOKUSAI_API_KEY', ini: 'api_key' },
] as const;

export function configPath(home: string): string {
  return join(home, '.hokusai', 'config');
}

export function resolveConfig(
  flags: ConfigFlags,
  env: Record<string, string | undefined>,
  home: string,
): ResolvedConfig {
  const path = configPath(home);
  const profile = flags.profile ?? DEFAULT_PROFILE;
  const section = readProfile(path, profile, flags.profile !== undefined);
  const values: Record<string, string | undefined> = {};
  const overriddenByEnv: string[] = [];
  for (const s of SETTINGS) {
    const fromEnv = nonEmpty(env[s.env]);
    const fromFile = nonEmpty(section[s.ini]);
    values[s.flag] = nonEmpty(flags[s.flag]) ?? fromEnv ?? fromFile;
    if (flags.profile !== undefined && !nonEmpty(flags[s.flag]) && fromEnv && fromFile) overriddenByEnv.push(s.env);
  }
  const url = values.url ?? DEFAULT_URL;
  checkUrl(url);
  return { url, adminToken: values.adminToken, apiKey: values.key, profile, configPath: path, overriddenByEnv };
}

function readProfile(path: string, profile: string, explicit: boolean): Record<string, string | undefined> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    if (missing && !explicit) return {};
    if (missing) throw new CliError(`Profile "${profile}" not found: ${path} does not exist`);
    throw new CliError(`Cannot read ${path}: ${(err as Error).message}`);
  }
  const parsed = parse(text) as Record<string, unknown>;
  const section = parsed[profile];
  if (typeof section !== 'object' || section === null) {
    if (explicit) throw new CliError(`Profile "${profile}" not found in ${path}`);
    return {};
  }
  // ini turns `true`/`false` into booleans; every setting here is a string.
  return Object.fromEntries(
    Object.entries(section).map(([k, v]) => [k, v === null || v === undefined ? undefined : String(v)]),
  );
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(`Invalid auth service URL "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new CliError(`Invalid auth service URL "${url}": use http:// or https://`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
