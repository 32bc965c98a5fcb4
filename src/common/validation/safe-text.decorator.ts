import { applyDecorators } from '@nestjs/common';
import { IsString, Length, Matches, ValidationOptions } from 'class-validator';

/**
 * A string of min..max characters without NUL (PostgreSQL text cannot hold U+0000, so it would be a 500 later).
 * Pass `{ each: true }` for arrays of strings.
 */
export function SafeText(min: number, max: number, options: ValidationOptions = {}): PropertyDecorator {
  return applyDecorators(
    IsString(options),
    Length(min, max, options),
    // eslint-disable-next-line no-control-regex
    Matches(/^[^\u0000]*$/, { ...options, message: '$property must not contain NUL characters' }),
  );
}
