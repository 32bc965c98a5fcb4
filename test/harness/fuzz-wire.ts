/**
 * Wire-level garbage for the fuzz e2e tests: percent-encoding that Node's client sends unchanged, path ids and
 * query strings that break CONTRACT.md "Conventions", malformed JSON and content types this JSON API does not read.
 */
import fc, { Arbitrary } from 'fast-check';
import { anyText, toJsonText, tooLong } from './fuzz-arbitraries';

/** Percent-encodes every character, lone surrogates as their (invalid) CESU-8 bytes. */
export function percentEncode(s: string): string {
  let out = '';
  for (const c of s) {
    const code = c.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(c).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`);
  }
  return out;
}

/** Raw escapes that are not valid percent-encoding or not valid UTF-8. */
const BROKEN_ESCAPES = ['%', '%%', '%zz', '%0', '%FF', '%C0%AF', '%ED%A0%80', '%E0%A4%A', '%00', '%2e%2e', '..', '.'];

/** Already-encoded text for a query value or a path segment (never empty). */
export const encodedGarbage: Arbitrary<string> = fc.oneof(
  anyText()
    .filter((s) => s.length > 0)
    .map(percentEncode),
  fc.constantFrom(...BROKEN_ESCAPES),
  fc
    .tuple(anyText(8), fc.constantFrom(...BROKEN_ESCAPES), anyText(8))
    .map(([a, b, c]) => percentEncode(a) + b + percentEncode(c)),
  fc.integer({ min: 300, max: 6000 }).map((n) => 'a'.repeat(n)),
);

/** A path id that is not a UUID (so the contract answers 422, or 404 for a segment the router cannot match). */
export const notUuid: Arbitrary<string> = fc.oneof(
  encodedGarbage,
  fc.uuid().map((u) => u.slice(0, -1)),
  fc.uuid().map((u) => `${u}0`),
  fc.uuid().map((u) => u.replace(/-/g, '')),
  fc.uuid().map((u) => `{${u}}`),
  fc.uuid().map((u) => percentEncode(` ${u}`)),
  fc.uuid().map((u) => `${u}%00`),
  fc.uuid().map((u) => u.replace(/[0-9a-f]/, 'g')),
);

/** Raw JSON text that is not a JSON object: malformed (422 json_invalid) or another JSON value. */
export const notJsonObject = (validBody: Arbitrary<Record<string, unknown>>): Arbitrary<string> =>
  fc.oneof(
    validBody.chain((b) => {
      const t = toJsonText(b);
      return fc.integer({ min: 1, max: t.length - 1 }).map((n) => t.slice(0, n));
    }),
    validBody.map((b) => `${toJsonText(b)},`),
    validBody
      .map(toJsonText)
      .filter((t) => t.includes(':'))
      .map((t) => t.replace(':', '=')),
    validBody.map((b) => `[${toJsonText(b)}]`),
    validBody.map((b) => `${toJsonText(b).slice(0, -1)},}`),
    anyText(200).filter((s) => s.trim() !== '' && !isJsonObject(s)),
    fc.constantFrom(
      'NaN',
      'null',
      'true',
      '"x"',
      '123',
      '[]',
      '{"a":NaN}',
      "{'a':1}",
      '{"a":1}}',
      '{"a":"\u0000',
      '{"a":01}',
      '{a:1}',
      '{"a":1,}',
      '\u0000',
    ),
    fc
      .jsonValue()
      .filter((v) => v === null || typeof v !== 'object' || Array.isArray(v))
      .map((v) => JSON.stringify(v)),
  );

function isJsonObject(s: string): boolean {
  try {
    const v: unknown = JSON.parse(s);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}

/** A body under a content type this JSON API does not read (or cannot decode). */
export const wrongContentType = (validBody: Arbitrary<Record<string, unknown>>) =>
  fc
    .tuple(
      validBody,
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=XyZ',
        'application/xml',
        'application/octet-stream',
        'application/json; charset=utf-16',
        'application/json; charset=latin1',
        'application/json; charset=koi8-r',
      ),
    )
    .map(([body, contentType]) => {
      const json = toJsonText(body);
      const wire = contentType.startsWith('application/x-www-form-urlencoded')
        ? new URLSearchParams(Object.entries(body).map(([k, v]): [string, string] => [k, String(v)])).toString()
        : contentType.startsWith('multipart')
          ? `--XyZ\r\nContent-Disposition: form-data; name="json"\r\n\r\n${json}\r\n--XyZ--\r\n`
          : json;
      return { contentType, wire };
    });

// ---- query strings ---------------------------------------------------------------------------------------

/** A query string `k=v&…` with every value percent-encoded. */
export const queryString = (q: Record<string, unknown>): string =>
  Object.entries(q)
    .map(([k, v]) => `${encodeURIComponent(k)}=${percentEncode(String(v))}`)
    .join('&');

const FLAGS = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 't', 'f', 'y', 'n', '1', '0']);

/** Not one of the contract's boolean spellings (padded ones left out: the contract does not say). */
export const badFlag: Arbitrary<string> = fc.oneof(
  anyText(12).filter((s) => !FLAGS.has(s.trim().toLowerCase())),
  fc.constantFrom('', 'tru', 'yess', '2', '-1', '01', '00', 'tru\u0435', 'None', 'null', 'true\u0000', 'on1'),
);

/** Query text that is no integer in min..max (no digit of any script: Python's int() reads '١٠' as 10). */
export const badIntText = (min: number, max: number): Arbitrary<string> =>
  fc.oneof(
    fc.bigInt({ min: BigInt(max) + 1n, max: 10n ** 30n }).map(String),
    fc.bigInt({ min: -(10n ** 30n), max: BigInt(min) - 1n }).map(String),
    fc.integer({ min, max }).map((n) => `${n}.5`),
    fc.constantFrom('', 'abc', 'NaN', 'Infinity', 'one', '0x10', '1e2x'),
    anyText(10).filter((s) => !/\p{Nd}/u.test(s)),
  );

/** Query text that is no timestamp or date (nothing that starts with a digit, so no lenient reading can take it). */
export const badTimestampText: Arbitrary<string> = fc.oneof(
  anyText(30).filter((s) => !/^\s*[+-]?\d/.test(s)),
  fc.constantFrom('yesterday', 'now', 'T10:00:00Z', 'Z', 'x'.repeat(41), 'null', 'undefined'),
);

/** The decoded text of an encoded garbage segment, when it decodes (query values are encoded again). */
export function decodeLoosely(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Not a UUID in any spelling Python's UUID() reads (braced and hyphen-less forms left out). */
export const notUuidText: Arbitrary<string> = notUuid
  .map(decodeLoosely)
  .filter((s) => !/^[0-9a-f]{32}$/i.test(s.replace(/^\{(.*)\}$/, '$1').replace(/-/g, '')));

/** Cursors that look like ours (base64url of [timestamp, uuid]) but hold any date a JS Date can hold, or junk. */
export const forgedCursor: Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.date({ noInvalidDate: true }), fc.uuid())
    .map(([d, id]) => Buffer.from(JSON.stringify([d.toISOString(), id])).toString('base64url')),
  fc
    .tuple(
      fc.oneof(anyText(10), fc.constantFrom('1', '-1', '0', '99999', 'Z', '-271821-04-20', '0000-01-01T00:00:00.000Z')),
      fc.uuid(),
    )
    .map(([at, id]) => Buffer.from(JSON.stringify([at, id])).toString('base64url')),
  fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
  anyText(60).map((s) => Buffer.from(s).toString('base64url')),
);

/** Date and timestamp text from the plausible to the absurd (years 0 to 275760, offsets up to ±99:99). */
export const anyTimestampText: Arbitrary<string> = fc.oneof(
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
      fc.constantFrom('', 'Z', '+14:00', '-23:59', '+99:99', ' 00:00', '+0530'),
    )
    .map(
      ([y, m, d, z]) =>
        `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T10:00:00${z}`,
    ),
  badTimestampText,
);

/** A raw query string: known names with junk values, repeats, bracket and prototype keys, broken escapes. */
export function garbageQuery(names: string[]): Arbitrary<string> {
  const name = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...names) },
    { weight: 1, arbitrary: fc.constantFrom(...names).map((n) => `${n}[]`) },
    { weight: 1, arbitrary: fc.constantFrom(...names).map((n) => `${n}[a]`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '__proto__',
        'constructor[prototype][fuzzPolluted]',
        '__proto__[fuzzPolluted]',
        'prototype',
        'toString',
        'hasOwnProperty',
      ),
    },
  );
  const value = fc.oneof(
    fc.constantFrom(
      'true',
      'yes',
      '1',
      '0',
      'platform',
      'website',
      '10',
      '365',
      '1000',
      '1001',
      '-1',
      '1e3',
      'key.create',
      '2026-11',
      '',
    ),
    anyText(30).map(percentEncode),
    fc.constantFrom(...BROKEN_ESCAPES, '+', '%2B', '&&', '=='),
    tooLong(300).map((s) => percentEncode(s.slice(0, 2000))),
    anyTimestampText.map(percentEncode),
    forgedCursor,
    fc.uuid(),
  );
  return fc
    .array(fc.tuple(name, value, fc.boolean()), { minLength: 1, maxLength: 6 })
    .map((pairs) => pairs.map(([n, v, withEq]) => (withEq ? `${n}=${v}` : n)).join('&'));
}
