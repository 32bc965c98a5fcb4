import { applyDecorators } from '@nestjs/common';
import { IsString, Length, Matches, ValidationOptions } from 'class-validator';

/**
 * A string of min..max characters without NUL (PostgreSQL text cannot hold U+0000, so it would be a 500 later)
 * and without unpaired UTF-16 surrogates (not Unicode: jsonb, e.g. the audit log's details, refuses them).
 * Pass `{ each: true }` for arrays of strings.
 */
// eslint-disable-next-line no-control-regex
const WELL_FORMED_WITHOUT_NUL = /^(?:[^\u0000\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;

export function SafeText(min: number, max: number, options: ValidationOptions = {}): PropertyDecorator {
  return applyDecorators(
    IsString(options),
    Length(min, max, options),
    Matches(WELL_FORMED_WITHOUT_NUL, {
      ...options,
      message: '$property must not contain NUL characters or unpaired surrogates',
    }),
  );
}
