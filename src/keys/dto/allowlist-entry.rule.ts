import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { normalizeAllowlistEntry } from '../../common/ip/ip-allowlist';

/** Every entry an IPv4/IPv6 address or CIDR block; the message names the first offending entry. */
export function IsAllowlist(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAllowlist',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => Array.isArray(value) && value.every((e) => normalizeAllowlistEntry(e) !== null),
        defaultMessage(args: ValidationArguments) {
          const list = Array.isArray(args.value) ? args.value : [];
          const index = list.findIndex((e) => normalizeAllowlistEntry(e) === null);
          const shown = JSON.stringify(list[index])?.slice(0, 80);
          return `allowed_ips[${index}] is not an IPv4 or IPv6 address or CIDR block: ${shown}${hint(list[index])}`;
        },
      },
    });
}

/** Why a plausible-looking entry is refused (issue 16 item 12), so the caller knows what to write instead. */
function hint(entry: unknown): string {
  if (typeof entry !== 'string') return '';
  if (/(^|[.:])0\d/.test(entry.split('/')[0]) && entry.includes('.'))
    return ' (an octet with a leading zero is ambiguous: write it in decimal without one)';
  if (/^::(\d{1,3}\.){3}\d{1,3}/.test(entry.trim()))
    return ' (the IPv4-compatible form ::a.b.c.d is deprecated: write a.b.c.d)';
  return '';
}
