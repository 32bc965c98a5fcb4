import { ValidationError } from 'class-validator';

export type Location = 'body' | 'query' | 'path';

/** One FastAPI-shaped violation (CONTRACT.md "Errors"). */
export interface Violation {
  loc: (string | number)[];
  msg: string;
  type: string;
}

// class-validator rule names, spelled as the pydantic error types clients already know.
const TYPES: Record<string, string> = {
  isString: 'string_type',
  isInt: 'int_type',
  isNumber: 'float_type',
  isBoolean: 'bool_type',
  isArray: 'list_type',
  isObject: 'dict_type',
  min: 'greater_than_equal',
  max: 'less_than_equal',
  minLength: 'string_too_short',
  maxLength: 'string_too_long',
  isNotEmpty: 'string_too_short',
  arrayMinSize: 'too_short',
  arrayMaxSize: 'too_long',
  isIn: 'enum',
  isEnum: 'enum',
  isUUID: 'uuid_parsing',
  isUuid: 'uuid_parsing',
  isDefined: 'missing',
  matches: 'string_pattern_mismatch',
  whitelistValidation: 'extra_forbidden',
  nestedValidation: 'model_type',
};

// A wrong type explains the rest: report it before the bounds a value of the wrong type also fails.
const FIRST = ['isDefined', 'isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isObject', 'isUuid', 'isUUID'];

function firstConstraint(constraints: Record<string, string>): [string, string] {
  const rule = FIRST.find((r) => r in constraints) ?? Object.keys(constraints)[0];
  return [rule, constraints[rule]];
}

function flatten(errors: ValidationError[], path: (string | number)[]): Violation[] {
  return errors.flatMap((e) => {
    const at = [...path, /^\d+$/.test(e.property) ? Number(e.property) : e.property];
    if (e.children?.length) return flatten(e.children, at);
    const [rule, msg] = firstConstraint(e.constraints ?? { value_error: `${e.property} is invalid` });
    if (e.value === undefined) return [{ loc: at, msg: 'Field required', type: 'missing' }];
    return [{ loc: at, msg, type: TYPES[rule] ?? 'value_error' }];
  });
}

/** Thrown by the global ValidationPipe; the filter renders it as a 422 list. */
export class RequestValidationError extends Error {
  override name = 'RequestValidationError';
  private location: Location = 'body';

  constructor(private readonly errors: ValidationError[]) {
    super('Request validation failed');
  }

  at(location: Location): this {
    this.location = location;
    return this;
  }

  violations(): Violation[] {
    return flatten(this.errors, [this.location]);
  }

  /** A violation built by hand, for rules no decorator can state (a field that depends on another). */
  static of(location: Location, loc: (string | number)[], msg: string, type = 'value_error'): HandWrittenViolation {
    return new HandWrittenViolation([{ loc: [location, ...loc], msg, type }]);
  }
}

export class HandWrittenViolation extends Error {
  override name = 'HandWrittenViolation';
  constructor(readonly list: Violation[]) {
    super('Request validation failed');
  }
}
