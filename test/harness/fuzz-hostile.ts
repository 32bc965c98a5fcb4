/**
 * Hostile input for test/fuzz-hostile.e2e-spec.ts (issue 16): JSON nested 1 to 10,000 levels, X-Forwarded-For in
 * every shape a caller or a sloppy proxy writes, and validate fields of any type and length.
 */
import fc, { Arbitrary } from 'fast-check';
import { anyText, tooLong } from './fuzz-arbitraries';

export type Shape = 'array' | 'object' | 'alternate';

/** Depths from 1 to 10,000, the boundary at 32/33 and the sizes that overflowed the stack drawn often. */
export const depth: Arbitrary<number> = fc.oneof(
  fc.integer({ min: 1, max: 40 }),
  fc.constantFrom(31, 32, 33, 34, 3_000, 10_000),
  fc.integer({ min: 1, max: 10_000 }),
);

export const shape: Arbitrary<Shape> = fc.constantFrom('array', 'object', 'alternate');

/** JSON text of an object holding `fields` plus `extra`, so that the whole body nests exactly `levels` deep. */
export function nestedBody(fields: Record<string, unknown>, levels: number, how: Shape): string {
  const text = JSON.stringify({ ...fields, extra: 0 });
  if (levels <= 1) return text;
  let open = '';
  let close = '';
  for (let i = 0; i < levels - 1; i++) {
    const array = how === 'array' || (how === 'alternate' && i % 2 === 0);
    open += array ? '[' : '{"k":';
    close = (array ? ']' : '}') + close;
  }
  return text.replace(/0}$/, `${open}1${close}}`);
}

const hostChar = fc.constantFrom(...'abcfxyz0123456789:.[]%-_ /;="'.split(''));

/** One X-Forwarded-For entry: addresses with ports, brackets and zones, the words proxies write, and garbage. */
export const forwardedEntry: Arbitrary<string> = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 99_999 })).map(([ip, port]) => `${ip}:${port}`),
  fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 65_535 })).map(([ip, port]) => `[${ip}]:${port}`),
  fc.ipV6().map((ip) => `[${ip}]`),
  fc.tuple(fc.ipV6(), fc.constantFrom('eth0', '1', 'en0.5')).map(([ip, zone]) => `${ip}%${zone}`),
  fc.constantFrom(
    'unknown',
    '_hidden',
    'for=203.0.113.9',
    '010.0.0.1',
    '::10.1.2.3',
    '::ffff:10.1.2.3',
    '0x0a.0.0.1',
    '1.2.3',
    '[]',
    '',
  ),
  fc.string({ unit: hostChar, maxLength: 40 }),
  fc.integer({ min: 300, max: 1000 }).map((n) => '1'.repeat(n)),
);

/** A whole header: 1 to 12 entries joined as proxies and callers join them. */
export const forwardedFor: Arbitrary<string> = fc
  .tuple(fc.array(forwardedEntry, { minLength: 1, maxLength: 12 }), fc.constantFrom(', ', ',', ' , '))
  .map(([entries, sep]) => entries.join(sep));

/** A validate body field of any JSON type and any length: what the contract says must never be a 422. */
const anyField: Arbitrary<unknown> = fc.oneof(
  tooLong(64),
  tooLong(256),
  anyText(40),
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('platform', 'website', 'model:read', '127.0.0.1', '::1', '10.0.0.1', null, ''),
);

export const validateBody: Arbitrary<Record<string, unknown>> = fc.record(
  { api_key: anyField, service_id: anyField, required_scope: anyField, client_ip: anyField },
  { requiredKeys: [] },
);
