import { exceedsDepth, MAX_JSON_DEPTH } from './json-depth';

/** `levels` arrays or objects inside each other, as JSON.parse would hand them over. */
function nested(levels: number, kind: 'array' | 'object'): unknown {
  const open = kind === 'array' ? '[' : '{"a":';
  const close = kind === 'array' ? ']' : '}';
  return JSON.parse(`${open.repeat(levels)}1${close.repeat(levels)}`);
}

describe('exceedsDepth', () => {
  it.each(['array', 'object'] as const)('allows %s nesting up to the limit and refuses one level more', (kind) => {
    expect(exceedsDepth(nested(MAX_JSON_DEPTH, kind))).toBe(false);
    expect(exceedsDepth(nested(MAX_JSON_DEPTH + 1, kind))).toBe(true);
  });

  it('counts a deep branch beside shallow ones', () => {
    expect(exceedsDepth({ a: 1, b: [1, 2], c: nested(MAX_JSON_DEPTH, 'object') })).toBe(true);
    expect(exceedsDepth({ a: 1, b: [1, 2], c: nested(MAX_JSON_DEPTH - 1, 'object') })).toBe(false);
  });

  it('never recurses: 100,000 levels are refused without a stack overflow', () => {
    expect(exceedsDepth(nested(100_000, 'array'))).toBe(true);
  });

  it.each([null, 1, 'x', true, undefined, {}, []])('a scalar or an empty container (%j) is shallow', (value) => {
    expect(exceedsDepth(value)).toBe(false);
  });
});
