/*
 * CONTRACT.md "Errors": JSON nested deeper than 32 levels is a 422 `json_too_deep` on every body route, checked
 * right after parsing and before any transformation. class-transformer and class-validator recurse once per level,
 * so 3,000 levels overflowed the stack (a 500); JSON.parse itself is iterative and reads any depth.
 */
export const MAX_JSON_DEPTH = 32;

/** body-parser's error shape, so the filter and the validate route recognise it like the parser's own errors. */
export class JsonTooDeepError extends Error {
  override name = 'JsonTooDeepError';
  readonly type = 'entity.too.deep';
  readonly status = 422;

  constructor() {
    super(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
}

/**
 * Whether a parsed JSON value nests objects and arrays more than `max` levels deep (a top-level object is level 1).
 * Iterative with an explicit stack: a recursive walk would overflow on exactly the input it is meant to refuse.
 */
export function exceedsDepth(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
