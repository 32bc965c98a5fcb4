import { Command, CommanderError, Option } from 'commander';
import { HokusaiAuthError } from '@hokusai/auth-client';
import { registerCheckCommands } from './commands/check-commands';
import { actionFactory } from './commands/command-kit';
import { registerKeyCommands } from './commands/key-commands';
import { DEFAULT_URL } from './config';
import { CliError, CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, processIo } from './io';
import { colorsFor } from './output';

/*
 * `hokusai auth ...` (issue 8, item 1): speaks only HTTP to the service, through client/. run() never exits the
 * process and never throws: it resolves with the exit code, so tests run it in-process with their own streams.
 */
export const VERSION = '1.0.0';

export async function run(argv: string[], io: CliIo = processIo()): Promise<number> {
  const exit = { code: EXIT_OK };
  try {
    await buildProgram(io, exit).parseAsync(argv, { from: 'user' });
    return exit.code;
  } catch (err) {
    return report(err, io);
  }
}

export function buildProgram(io: CliIo, exit: { code: number }): Command {
  const program = new Command('hokusai')
    .description('Command line of the Hokusai platform')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(add --help for usage)')
    .option('--url <url>', `auth service URL (env HOKUSAI_AUTH_SERVICE_URL; default ${DEFAULT_URL})`)
    .option('--admin-token <token>', 'admin token (env HOKUSAI_ADMIN_TOKEN; prefer it: flags show in ps)')
    .option('--profile <name>', 'section of ~/.hokusai/config to read (default: default)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'));
  const auth = program.command('auth').description('create, list, rotate, revoke and check Hokusai API keys');
  const action = actionFactory(io, exit);
  registerKeyCommands(auth, action);
  registerCheckCommands(auth, action);
  return program;
}

/** One readable message on stderr, never a stack trace (unless HOKUSAI_DEBUG is set), and the exit code. */
function report(err: unknown, io: CliIo): number {
  const c = colorsFor(io.stderr, io.env);
  const say = (message: string) => io.stderr.write(`${c.red('Error:')} ${message}\n`);
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE; // commander already explained
  if (err instanceof CliError) {
    say(err.message);
    return err.exitCode;
  }
  if (err instanceof HokusaiAuthError) return reportServiceError(err, say);
  say(err instanceof Error ? err.message : String(err));
  if (io.env.HOKUSAI_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  return EXIT_FAILED;
}

function reportServiceError(err: HokusaiAuthError, say: (message: string) => void): number {
  if (err.status === 0) {
    say(`${err.detail}. Is the service running? Set --url, HOKUSAI_AUTH_SERVICE_URL or auth_service_url.`);
    return EXIT_USAGE;
  }
  if (err.errors?.length) {
    const lines = err.errors.map((e) => `\n  ${e.loc.join('.')}: ${e.msg}`).join('');
    say(`the service rejected the request (HTTP ${err.status}):${lines}`);
    return EXIT_FAILED;
  }
  const retry = err.retryAfter !== undefined ? `; retry after ${err.retryAfter} s` : '';
  say(`${err.detail} (HTTP ${err.status}${retry})`);
  return EXIT_FAILED;
}
