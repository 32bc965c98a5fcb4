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
          return `allowed_ips[${index}] is not an IPv4 or IPv6 address or CIDR block: ${shown}`;
        },
      },
    });
}
