/** The rollup's sums over some hours of one key: what stats, series and billing read. */
export interface PeriodTotals {
  requests: number;
  predictions: number;
  computeMs: number;
  knownRequests: number;
  errorRequests: number;
  knownResponseMs: number;
}

/**
 * Averages of integer milliseconds, rounded half up to 2 decimals in integer arithmetic (no float drift):
 * 0 when nothing was counted (CONTRACT.md "stats").
 */
export function averageMs(sum: number, count: number): number {
  if (count <= 0) return 0;
  const c = BigInt(count);
  const hundredths = (BigInt(sum) * 200n + c) / (2n * c);
  return Number(hundredths) / 100;
}

/** Share of errors among events with a known status, 0 to 1; 0 when none is known. */
export function errorRate(errors: number, known: number): number {
  return known <= 0 ? 0 : errors / known;
}
