import { HokusaiAuthClient } from '@hokusai/auth-client';
import { resolveConfig, ResolvedConfig } from './config';
import { CliError, CliIo } from './io';
import { Colors, colorsFor, Format } from './output';

/** The options every command accepts (declared on the root program). */
export interface GlobalOptions {
  url?: string;
  adminToken?: string;
  profile?: string;
  format: Format;
}

/** What a command action needs: settings resolved once, clients, colours, and the streams. */
export class CliContext {
  readonly out: Colors;
  readonly err: Colors;
  private resolved?: ResolvedConfig;

  constructor(
    readonly io: CliIo,
    readonly options: GlobalOptions & { key?: string },
  ) {
    this.out = colorsFor(io.stdout, io.env);
    this.err = colorsFor(io.stderr, io.env);
  }

  get format(): Format {
    return this.options.format;
  }

  get config(): ResolvedConfig {
    if (!this.resolved) {
      this.resolved = resolveConfig(this.options, this.io.env, this.io.home);
      for (const name of this.resolved.overriddenByEnv) {
        this.note(`${name} is set and overrides the value in profile "${this.resolved.profile}"`);
      }
    }
    return this.resolved;
  }

  /** A client carrying the admin token; exit 2 when there is none anywhere. */
  adminClient(): HokusaiAuthClient {
    const { adminToken, profile, configPath } = this.config;
    if (!adminToken) {
      throw new CliError(
        `No admin token: pass --admin-token, set HOKUSAI_ADMIN_TOKEN, or add admin_token to [${profile}] in ${configPath}`,
      );
    }
    return this.client(adminToken);
  }

  /** The API key to validate; exit 2 when there is none anywhere. */
  apiKey(): string {
    const { apiKey, profile, configPath } = this.config;
    if (!apiKey) {
      throw new CliError(
        `No API key: pass --key, set HOKUSAI_API_KEY, or add api_key to [${profile}] in ${configPath}`,
      );
    }
    return apiKey;
  }

  client(adminToken?: string): HokusaiAuthClient {
    // No validation cache: each CLI call must ask the service.
    return new HokusaiAuthClient({
      baseUrl: this.config.url,
      adminToken,
      timeoutMs: 15_000,
      cacheTtlMs: 0,
      fetch: this.io.fetch,
      userAgent: 'hokusai-cli/1.0.0',
    });
  }

  print(line = ''): void {
    this.io.stdout.write(`${line}\n`);
  }

  warn(message: string): void {
    this.io.stderr.write(`${this.err.yellow(message)}\n`);
  }

  note(message: string): void {
    this.io.stderr.write(`${this.err.dim(`Note: ${message}`)}\n`);
  }
}
