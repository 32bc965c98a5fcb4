import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { parseTimestamp } from '../../common/time/parse-timestamp';

export const MAX_EXPIRY_DAYS = 365;
const DAY_MS = 86_400_000;
// The original CLI sends `datetime.now().isoformat()` followed by `+30d` for --expires-in-days 30.
const RELATIVE = /^(.+)\+(\d{1,3})d$/;

/** When `expires_at` ends; null when the text is not a valid expiry (CONTRACT.md "create", `expires_at`). */
export function resolveExpiresAt(text: string, now = Date.now()): Date | null {
  const relative = RELATIVE.exec(text);
  if (relative) {
    const days = Number(relative[2]);
    if (!parseTimestamp(relative[1]) || days < 1 || days > MAX_EXPIRY_DAYS) return null;
    return new Date(now + days * DAY_MS);
  }
  const at = parseTimestamp(text);
  if (!at || at.getTime() <= now || at.getTime() > now + MAX_EXPIRY_DAYS * DAY_MS) return null;
  return at;
}

/** `expires_at`: a future timestamp at most 365 days ahead or `<timestamp>+<N>d`, and never with expires_in_days. */
export function IsExpiresAt(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isExpiresAt',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const other = (args.object as { expires_in_days?: unknown }).expires_in_days;
          if (other !== undefined && other !== null) return false;
          return typeof value === 'string' && resolveExpiresAt(value) !== null;
        },
        defaultMessage(args: ValidationArguments) {
          const other = (args.object as { expires_in_days?: unknown }).expires_in_days;
          return other !== undefined && other !== null
            ? 'expires_at and expires_in_days cannot both be given'
            : 'expires_at must be a future timestamp at most 365 days ahead, or <timestamp>+<N>d with N from 1 to 365';
        },
      },
    });
}
