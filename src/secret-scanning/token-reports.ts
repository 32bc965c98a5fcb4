import { HandWrittenViolation, type Violation } from '../common/errors/request-validation.error';
import { exceedsDepth, JsonTooDeepError } from '../common/body/json-depth';

/*
 * The report GitHub sends (issue 20): a JSON array of {"token", "type", "url", "source"}, read only after its
 * signature held. At most 1000 tokens; unknown fields are ignored (CONTRACT.md "Conventions"). Pure.
 */
export const MAX_TOKENS = 1000;
// Bounds for what reaches an audit row; GitHub's own values are far shorter.
const MAX_TEXT = { type: 100, url: 2048, source: 100 } as const;
// PostgreSQL text cannot hold NUL and jsonb refuses unpaired surrogates (the audit details are jsonb).
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export interface TokenReport {
  token: string;
  type: string;
  url: string | null;
  source: string | null;
}

/** The reports in order, or a 422 naming the entry; a violation never quotes a token. */
export function readTokenReports(body: Buffer): TokenReport[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HandWrittenViolation([{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }]);
  }
  if (exceedsDepth(parsed)) throw new JsonTooDeepError();
  if (!Array.isArray(parsed)) throw violation(['body'], 'Input should be a valid list', 'list_type');
  if (parsed.length > MAX_TOKENS) throw violation(['body'], `At most ${MAX_TOKENS} tokens per report`, 'too_long');
  return parsed.map((entry: unknown, i) => readEntry(entry, i));
}

function readEntry(entry: unknown, i: number): TokenReport {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    throw violation(['body', i], 'Input should be a valid dictionary', 'dict_type');
  }
  const { token, type, url, source } = entry as Record<string, unknown>;
  if (typeof token !== 'string')
    throw violation(['body', i, 'token'], 'token must be a string', token === undefined ? 'missing' : 'string_type');
  return { token, type: text(type, i, 'type') ?? '', url: text(url, i, 'url'), source: text(source, i, 'source') };
}

/** An optional string field, kept within its bound and made storable in jsonb (no NUL, no lone surrogate). */
function text(value: unknown, i: number, field: keyof typeof MAX_TEXT): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw violation(['body', i, field], `${field} must be a string`, 'string_type');
  if (value.length > MAX_TEXT[field]) {
    throw violation(['body', i, field], `${field} must be at most ${MAX_TEXT[field]} characters`, 'string_too_long');
  }
  return value.replace(UNSTORABLE, '\uFFFD');
}

function violation(loc: Violation['loc'], msg: string, type: string): HandWrittenViolation {
  return new HandWrittenViolation([{ loc, msg, type }]);
}
