import { Command, Option } from 'commander';
import { HokusaiAuthError } from '@hokusai/auth-client';
import type { ServiceId } from '@hokusai/auth-client';
import type { CliContext } from '../cli-context';
import { CliError, EXIT_FAILED } from '../io';
import { listOrDash, printFields, printJson, printTable, shortTime } from '../output';
import { ActionFactory } from './command-kit';
import { SERVICES } from './key-commands';

/* `validate` (the API key's view) and `usage` (the admin's view of one key). */

export function registerCheckCommands(auth: Command, action: ActionFactory): void {
  auth
    .command('validate')
    .description('check an API key (the configured one unless --key is given); exit 1 when it is refused')
    .option('--key <api_key>', 'the key to check (default: HOKUSAI_API_KEY or api_key in the config file)')
    .addOption(
      new Option('--service <service_id>', 'also check that the key belongs to this service').choices(SERVICES),
    )
    .option('--scope <scope>', 'also check that the key grants this scope')
    .action(action(validate));

  auth
    .command('usage')
    .description("show a key's usage statistics for a month")
    .argument('<key_id>', 'id of the key')
    .option('--period <YYYY-MM>', 'month (default: the current UTC month)')
    .action(action(usage));
}

async function validate(
  ctx: CliContext,
  _args: string[],
  o: { service?: ServiceId; scope?: string },
): Promise<number | void> {
  const apiKey = ctx.apiKey();
  try {
    const result = await ctx.client().validate(apiKey, { serviceId: o.service, requiredScope: o.scope });
    if (ctx.format === 'json') return printJson(ctx.io, result);
    ctx.print(ctx.out.green('API key is valid.'));
    printFields(ctx.io, ctx.out, [
      ['Key ID', result.key_id],
      ['User', result.user_id],
      ['Service', result.service_id],
      ['Environment', result.environment ?? '-'],
      ['Scopes', listOrDash(result.scopes, 'all (no scopes set)')],
      ['Rate limit', `${result.rate_limit_per_hour} requests/hour`],
      ['Billing plan', result.billing_plan],
      ['Expires', shortTime(result.expires_at, 'never')],
    ]);
  } catch (err) {
    if (!(err instanceof HokusaiAuthError) || ![400, 401, 403, 429].includes(err.status)) throw err;
    // A refused key is this command's answer, not a crash: say why, in the format asked for.
    if (ctx.format === 'json') printJson(ctx.io, { is_valid: false, error: err.detail, code: err.code ?? null });
    const retry = err.retryAfter !== undefined ? ` (retry after ${err.retryAfter} s)` : '';
    ctx.io.stderr.write(`${ctx.err.red('API key is not valid:')} ${err.detail}${retry}\n`);
    return EXIT_FAILED;
  }
}

async function usage(ctx: CliContext, [keyId]: string[], o: { period?: string }): Promise<void> {
  if (o.period !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(o.period)) {
    throw new CliError(`Invalid --period "${o.period}": use YYYY-MM, e.g. 2026-11`);
  }
  const stats = await ctx.adminClient().stats(keyId, o.period);
  if (ctx.format === 'json') return printJson(ctx.io, stats);
  printFields(ctx.io, ctx.out, [
    ['Key ID', stats.key_id],
    ['Period', stats.period],
    ['Requests', String(stats.total_requests)],
    ['Predictions', String(stats.total_predictions)],
    ['Compute', `${stats.total_compute_ms} ms`],
    ['Avg response', `${round(stats.average_response_time_ms)} ms`],
    ['Error rate', `${round(stats.error_rate * 100)} %`],
  ]);
  if (!stats.top_endpoints.length) return;
  ctx.print();
  printTable(
    ctx.io,
    ctx.out,
    ['Endpoint', 'Requests'],
    stats.top_endpoints.map((e) => [e.endpoint, String(e.count)]),
  );
}

function round(n: number): string {
  return (Math.round(n * 100) / 100).toString();
}
