/**
 * fast-check arbitraries for the fuzz e2e tests (test/fuzz-*.e2e-spec.ts): JSON bodies that break CONTRACT.md's
 * request schemas, written exactly (raw JSON literals, own `__proto__` keys). Every `bad*` arbitrary yields only
 * values the contract refuses; wire-level garbage (paths, queries, content types) is in fuzz-wire.ts.
 */
import fc, { Arbitrary } from 'fast-check';

/** A JSON literal written as is: numbers JSON.stringify cannot write (1e309 is Infinity, 2**53+1 rounds). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text of a value, keeping RawJson literals and own `__proto__` / `constructor` keys. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Marks a field to delete in a patch. */
export const ABSENT = Symbol('absent');
export type Patch = Record<string, unknown>;

/** Applies patches in order with defineProperty, so `__proto__` becomes an own key and never a prototype. */
export function applyPatches(base: Record<string, unknown>, patches: Patch[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const put = (k: string, v: unknown) =>
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  for (const [k, v] of Object.entries(base)) put(k, v);
  for (const patch of patches) {
    for (const [k, v] of Object.entries(patch)) {
      if (v === ABSENT) delete out[k];
      else put(k, v);
    }
  }
  return out;
}

/** An own property `key` (even `__proto__`) with `value`. */
export function entry(key: string, value: unknown): Patch {
  return applyPatches({}, [Object.defineProperty({}, key, { value, enumerable: true })]);
}

// ---- text ----------------------------------------------------------------------------------------------

const LONE_SURROGATES = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF'];
// One code point each: RTL marks and overrides, BOM, combining accent, noncharacter, emoji, quotes, backslash.
const SPECIAL = [
  '\u202E',
  '\u200F',
  '\u061C',
  '\u0627',
  '\u05D0',
  '\uFEFF',
  '\u0301',
  '\uFFFF',
  '\u{1F4A5}',
  '"',
  "'",
  '\\',
  '%',
  '\n',
  '$',
];

/** One code point, never NUL nor a variation selector (length 0 to validator.js). */
const char: Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .string({ unit: 'binary', minLength: 1, maxLength: 1 })
      .filter((c) => !['\u0000', '\uFE0E', '\uFE0F'].includes(c)),
  },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL) },
);

/** Text of min..max characters as class-validator counts them (code points), valid Unicode without NUL: SafeText. */
export const text = (minLength: number, maxLength: number): Arbitrary<string> =>
  fc.string({ unit: char, minLength, maxLength });

/** Arbitrary text: NUL and lone surrogates included. */
export const anyText = (maxLength = 40): Arbitrary<string> =>
  fc.string({ unit: fc.oneof(char, fc.constant('\u0000'), fc.constantFrom(...LONE_SURROGATES)), maxLength });

/** The longest string a 422 case sends: three of them and the rest of a body stay under the 64 KiB limit. */
export const LONG_CHARS = 20_000;
/** Bodies of 422 cases stay under this many bytes (413 has its own cases). */
export const BODY_SAFE_BYTES = 63 * 1024;

/** Longer than `max` characters, by a little or by up to LONG_CHARS. */
export const tooLong = (max: number): Arbitrary<string> =>
  fc
    .tuple(
      text(0, 10),
      fc.oneof(
        fc.integer({ min: max + 1, max: max + 3 }),
        fc.integer({ min: max + 1, max: Math.max(max + 1, LONG_CHARS) }),
      ),
    )
    .map(([t, n]) => t + 'x'.repeat(n));

/** Text with a NUL character or an unpaired surrogate (not Unicode text), within max characters. */
export const withBadChar = (max: number): Arbitrary<string> =>
  fc
    .tuple(
      text(0, Math.floor((max - 1) / 2)),
      fc.constantFrom('\u0000', ...LONE_SURROGATES),
      text(0, Math.floor((max - 1) / 2)),
    )
    .map(([a, bad, b]) => `${a}${bad}${b}`);

// ---- wrong types -----------------------------------------------------------------------------------------

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const INFINITIES = [new RawJson('1e309'), new RawJson('-1e309'), new RawJson('1E400')];

/** Any JSON value that is not a string (nor null). */
export const notString: Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.array(jsonValue, { maxLength: 4 }),
  fc.array(fc.string(), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string(), jsonValue, { maxKeys: 4 }),
  fc.constantFrom(...INFINITIES),
);

/** Any JSON value that is not a number (nor null): numeric strings included, the contract says int. */
export const notNumber: Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: 0, max: 1000 }).map(String),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e3', ' 10 ', '0x10', '', 'null', 'true'),
  anyText(),
  fc.boolean(),
  fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string(), jsonValue, { maxKeys: 3 }),
);

/** Anything but an array (nor null). */
export const notArray: Arbitrary<unknown> = fc.oneof(
  anyText(),
  fc.integer(),
  fc.boolean(),
  fc.dictionary(fc.string(), jsonValue, { maxKeys: 3 }),
);

// ---- values outside a rule -------------------------------------------------------------------------------

/** Not text of min..max NUL-free characters. */
export const badText = (min: number, max: number): Arbitrary<unknown> =>
  fc.oneof(...(min > 0 ? [fc.constant('')] : []), tooLong(max), withBadChar(max), notString);

/** Not one of `values`: other text, near misses (case, spaces, NUL), wrong types. */
export const badEnum = (values: readonly string[]): Arbitrary<unknown> =>
  fc.oneof(
    anyText().filter((s) => !values.includes(s)),
    fc
      .constantFrom(...values)
      .chain((v) =>
        fc.constantFrom(v.toUpperCase(), ` ${v}`, `${v} `, `${v}\u0000`, `${v}\u200F`, v.replace(/./, '\u0430')),
      ),
    notString,
  );

/**
 * Not an integer in min..max: below, above (huge included, when the contract bounds it), fractions, infinities,
 * raw literals JSON cannot keep exact, and wrong types. Pass max undefined for an unbounded field.
 */
export const badInt = (min: number, max?: number): Arbitrary<unknown> => {
  const hi = max ?? 2 ** 31 - 1;
  const options: Arbitrary<unknown>[] = [
    fc.integer({ min: Number.MIN_SAFE_INTEGER, max: min - 1 }),
    fc.integer({ min: min - 3, max: min - 1 }),
    fc.double({ min: min - 1, max: hi + 1, noNaN: true }).filter((x) => !Number.isInteger(x)),
    fc.constantFrom(...INFINITIES, new RawJson('1.5'), new RawJson(`${min}.5`), new RawJson('-1e308'), -(2 ** 53) - 1),
    notNumber,
  ];
  if (max !== undefined) {
    options.push(
      fc.integer({ min: max + 1, max: Number.MAX_SAFE_INTEGER }),
      fc.integer({ min: max + 1, max: max + 3 }),
      fc.constantFrom(1e308, new RawJson('9007199254740993'), 2 ** 53 + 1, new RawJson('1e20')),
    );
  }
  return fc.oneof(...options);
};

/** Not an array of 0..maxItems entries each valid by `entryOk`: not arrays, too many, or one bad entry. */
export const badArray = (maxItems: number, good: Arbitrary<unknown>, bad: Arbitrary<unknown>): Arbitrary<unknown> =>
  fc.oneof(
    notArray,
    fc.array(good, { minLength: maxItems + 1, maxLength: maxItems + 3 }),
    fc
      .tuple(fc.array(good, { maxLength: 5 }), bad, fc.array(good, { maxLength: 5 }))
      .map(([a, b, c]) => [...a, b, ...c]),
  );

/** Strings no CIDR/IP parser reads ('q' is no hex digit), and classic near misses. */
export const badIp: Arbitrary<unknown> = fc.oneof(
  fc.tuple(anyText(10), anyText(10)).map(([a, b]) => `${a}q${b}`),
  fc.constantFrom(
    '',
    '256.0.0.1',
    '10.0.0.0/33',
    '::/129',
    '1.2.3',
    '10',
    '0x0a.1',
    '1.2.3.4/',
    '1.2.3.4/8/8',
    '1.2.3.4 /8',
    '1.2.3.4\u0000',
  ),
  tooLong(64).map((s) => `1.2.3.4${s}`),
  notString,
);

// ---- extra fields the contract says to ignore ------------------------------------------------------------

/** Payloads that would pollute a prototype if merged naively. */
export const POLLUTION_MARK = 'fuzzPolluted';
const pollution: Arbitrary<unknown> = fc.constantFrom(
  { [POLLUTION_MARK]: 'yes' },
  { prototype: { [POLLUTION_MARK]: 'yes' } },
  { constructor: { prototype: { [POLLUTION_MARK]: 'yes' } } },
);
const DANGEROUS_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'toJSON',
  'then',
  'length',
  '__defineGetter__',
];

/** 0 to 4 unknown fields (never one of `known`): prototype-pollution keys, method names, any text. */
export const noise = (known: readonly string[]): Arbitrary<Patch[]> =>
  fc.array(
    fc
      .tuple(fc.oneof(fc.constantFrom(...DANGEROUS_KEYS), anyText(20)), fc.oneof(pollution, jsonValue))
      .filter(([k]) => !known.includes(k))
      .map(([k, v]) => entry(k, v)),
    { maxLength: 4 },
  );

/**
 * A valid base broken by 1 to 3 patches, each from `breakers` (each patch alone breaks the schema, and so does
 * any sequence of them), plus ignored noise.
 */
export const broken = (
  base: Arbitrary<Record<string, unknown>>,
  breakers: Arbitrary<Patch>[],
  known: readonly string[],
) =>
  fc
    .tuple(base, fc.array(fc.oneof(...breakers), { minLength: 1, maxLength: 3 }), noise(known))
    .map(([b, patches, extra]) => applyPatches(b, [...extra, ...patches]))
    .filter((body) => Buffer.byteLength(toJsonText(body)) <= BODY_SAFE_BYTES);

/** A patch setting `field` to a value from `arb`. */
export const set = (field: string, arb: Arbitrary<unknown>): Arbitrary<Patch> => arb.map((v) => entry(field, v));

/** Patches that break required `field`: absent, null, or a bad value. */
export const breakRequired = (field: string, bad: Arbitrary<unknown>): Arbitrary<Patch> =>
  fc.oneof(fc.constant({ [field]: ABSENT }), fc.constant({ [field]: null }), set(field, bad));
