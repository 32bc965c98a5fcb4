import Table from 'cli-table3';
import { createColors } from 'picocolors';
import type { ApiKeyInfo } from '@hokusai/auth-client';
import type { CliIo, OutputStream } from './io';

export type Format = 'table' | 'json';
export type Colors = ReturnType<typeof createColors>;

/** Colours only when the stream is a terminal and NO_COLOR is unset (https://no-color.org). */
export function colorsFor(stream: OutputStream, env: CliIo['env']): Colors {
  return createColors(Boolean(stream.isTTY) && !env.NO_COLOR);
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** `Label:   value` lines, aligned. */
export function printFields(io: CliIo, c: Colors, fields: [string, string][]): void {
  const width = Math.max(...fields.map(([label]) => label.length)) + 1;
  for (const [label, value] of fields) io.stdout.write(`${c.bold(`${label}:`.padEnd(width + 1))}${value}\n`);
}

export function printTable(io: CliIo, c: Colors, head: string[], rows: string[][]): void {
  // cli-table3 colours its own header and border unless told not to; picocolors decides instead.
  const table = new Table({ head: head.map((h) => c.bold(h)), style: { head: [], border: [], compact: true } });
  table.push(...rows);
  io.stdout.write(`${table.toString()}\n`);
}

export function keyStatus(key: ApiKeyInfo, c: Colors, now = Date.now()): string {
  const revokedAt = key.revoked_at ? Date.parse(key.revoked_at) : undefined;
  if (!key.is_active || (revokedAt !== undefined && revokedAt <= now))
    return c.red(key.rotated_to ? 'rotated' : 'revoked');
  if (key.expires_at && Date.parse(key.expires_at) <= now) return c.yellow('expired');
  if (revokedAt !== undefined) return c.yellow('grace period');
  return c.green('active');
}

/** `2026-11-24 10:15 UTC`, or the fallback for null. */
export function shortTime(value: string | null | undefined, fallback = '-'): string {
  if (!value) return fallback;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function listOrDash(items: string[] | undefined, empty = '-'): string {
  return items && items.length ? items.join(', ') : empty;
}

export function keyFields(key: ApiKeyInfo, c: Colors): [string, string][] {
  return [
    ['Key ID', key.key_id ?? key.id],
    ['Name', key.name],
    ['Prefix', key.key_prefix],
    ['Service', key.service_id],
    ['Environment', key.environment],
    ['Status', keyStatus(key, c)],
    ['Scopes', listOrDash(key.scopes, 'all (no scopes set)')],
    ['Rate limit', `${key.rate_limit_per_hour} requests/hour`],
    ['Allowed IPs', listOrDash(key.allowed_ips, 'any')],
    ['Expires', shortTime(key.expires_at, 'never')],
    ['Created', shortTime(key.created_at)],
  ];
}
