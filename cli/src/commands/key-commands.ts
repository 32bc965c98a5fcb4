import { Command, Option } from 'commander';
import type { CreatedKeyResponse, CreateKeyRequest, Environment, ServiceId } from '@hokusai/auth-client';
import type { CliContext } from '../cli-context';
import { CliError, EXIT_FAILED } from '../io';
import { keyFields, keyStatus, printFields, printJson, printTable, shortTime } from '../output';
import { confirm } from '../prompt';
import { ActionFactory, collect, integer } from './command-kit';

export const SERVICES: ServiceId[] = ['website', 'prediction', 'platform'];
export const ENVIRONMENTS: Environment[] = ['production', 'test', 'development'];

interface CreateOptions {
  name: string;
  service: ServiceId;
  environment?: Environment;
  rateLimit?: number;
  allowedIp?: string[];
  expiresInDays?: number;
  scope?: string[];
}

export function registerKeyCommands(auth: Command, action: ActionFactory): void {
  auth
    .command('create-key')
    .description('create an API key; the key is printed once')
    .requiredOption('--name <name>', 'display name of the key')
    .addOption(new Option('--service <service_id>', 'service the key is for').choices(SERVICES).default('platform'))
    .addOption(new Option('--environment <environment>', 'key environment (default: production)').choices(ENVIRONMENTS))
    .option('--rate-limit <n>', 'requests per hour, 10 to 100000 (default: 1000)', integer)
    .option('--allowed-ip <ip>', 'allowed IP address or CIDR block (repeatable)', collect)
    .option('--expires-in-days <n>', 'expire the key after N days, 1 to 365', integer)
    .option('--scope <scope>', 'grant a scope, e.g. model:read (repeatable; none: every scope)', collect)
    .action(action(createKey));

  auth
    .command('list-keys')
    .description('list API keys, newest first')
    .addOption(new Option('--service <service_id>', 'only keys of this service').choices(SERVICES))
    .option('--active-only', 'only keys that are not revoked')
    .action(action(listKeys));

  auth
    .command('revoke-key')
    .description('revoke an API key; it is refused everywhere once this returns')
    .argument('<key_id>', 'id of the key (see list-keys)')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(action(revokeKey));

  auth
    .command('rotate-key')
    .description('replace an API key by a new one with the same settings; the new key is printed once')
    .argument('<key_id>', 'id of the key to rotate')
    .option('--grace-hours <n>', 'hours the old key stays valid, 0 to 168 (default: the service setting)', integer)
    .action(action(rotateKey));
}

async function createKey(ctx: CliContext, _args: string[], o: CreateOptions): Promise<void> {
  const request: CreateKeyRequest = { name: o.name, service_id: o.service };
  if (o.environment) request.environment = o.environment;
  if (o.rateLimit !== undefined) request.rate_limit_per_hour = o.rateLimit;
  if (o.allowedIp?.length) request.allowed_ips = o.allowedIp;
  if (o.expiresInDays !== undefined) request.expires_in_days = o.expiresInDays;
  if (o.scope?.length) request.scopes = o.scope;
  const created = await ctx.adminClient().createKey(request);
  if (ctx.format === 'json') printJson(ctx.io, created);
  else printNewKey(ctx, 'API key created.', created);
  warnStoreKey(ctx);
}

async function listKeys(
  ctx: CliContext,
  _args: string[],
  o: { service?: ServiceId; activeOnly?: boolean },
): Promise<void> {
  const keys = await ctx
    .adminClient()
    .listKeys({ service_id: o.service, active_only: o.activeOnly ? true : undefined });
  if (ctx.format === 'json') return printJson(ctx.io, keys);
  if (!keys.length) return ctx.print('No API keys found.');
  const rows = keys.map((k) => [
    k.key_id ?? k.id,
    k.name,
    k.key_prefix,
    k.service_id,
    k.environment,
    keyStatus(k, ctx.out),
    String(k.rate_limit_per_hour),
    shortTime(k.created_at),
    shortTime(k.expires_at, 'never'),
    shortTime(k.last_used_at, 'never'),
  ]);
  const head = [
    'Key ID',
    'Name',
    'Prefix',
    'Service',
    'Environment',
    'Status',
    'Rate/h',
    'Created',
    'Expires',
    'Last used',
  ];
  printTable(ctx.io, ctx.out, head, rows);
  ctx.print(`${keys.length} key${keys.length === 1 ? '' : 's'}.`);
}

async function revokeKey(ctx: CliContext, [keyId]: string[], o: { yes?: boolean }): Promise<number | void> {
  const client = ctx.adminClient();
  if (!o.yes) {
    if (!ctx.io.stdin.isTTY) {
      throw new CliError(
        `Refusing to revoke ${keyId} without confirmation: stdin is not a terminal. Pass --yes to revoke.`,
      );
    }
    const key = await client.getKey(keyId);
    const question = `Revoke API key "${key.name}" (${key.key_prefix}, ${keyId})? Every client using it will be refused.`;
    if (!(await confirm(ctx.io, question))) {
      ctx.io.stderr.write('Aborted: the key was not revoked.\n');
      return EXIT_FAILED;
    }
  }
  const { message } = await client.revokeKey(keyId);
  if (ctx.format === 'json') printJson(ctx.io, { key_id: keyId, message });
  else ctx.print(`${message}: ${keyId}`);
}

async function rotateKey(ctx: CliContext, [keyId]: string[], o: { graceHours?: number }): Promise<void> {
  const rotated = await ctx.adminClient().rotateKey(keyId, { grace_period_hours: o.graceHours });
  if (ctx.format === 'json') printJson(ctx.io, rotated);
  else {
    printNewKey(ctx, 'API key rotated.', rotated);
    ctx.print();
    ctx.print(
      rotated.previous_key_valid_until
        ? `The old key ${rotated.previous_key_id} remains valid until ${shortTime(rotated.previous_key_valid_until)}.`
        : `The old key ${rotated.previous_key_id} was revoked immediately.`,
    );
  }
  warnStoreKey(ctx);
  ctx.warn('Update every service that uses the old key.');
}

function printNewKey(ctx: CliContext, title: string, created: CreatedKeyResponse): void {
  ctx.print(ctx.out.green(title));
  ctx.print();
  ctx.print(`  ${ctx.out.bold(created.api_key)}`);
  ctx.print();
  printFields(ctx.io, ctx.out, keyFields(created.key_info, ctx.out));
}

function warnStoreKey(ctx: CliContext): void {
  ctx.warn('Store this API key now: it is shown only once and cannot be recovered.');
}
