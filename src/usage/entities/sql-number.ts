/**
 * bigint and numeric columns come back as strings from pg and as numbers from PGlite; totals go out as JSON
 * numbers, exact up to 2^53, far beyond any month of usage.
 */
export function sqlNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : Number(value);
}
