import { encodeCursor, type Position } from './cursor';

export interface KeysetPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * The page of a keyset query that fetched `limit + 1` rows, newest first: the extra row only tells that more
 * remain, and the cursor names the last row shown (keys and audit lists, CONTRACT.md "Pagination").
 */
export function keysetPage<R, T>(
  rows: readonly R[],
  limit: number,
  positionOf: (row: R) => Position,
  toItem: (row: R) => T,
): KeysetPage<T> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(positionOf(last)) : null,
  };
}
