import type { DebitRule } from '../usage';

/** Plans whose monthly prediction limit is a hard stop for debits; every other plan runs over into overage. */
export const HARD_LIMIT_PLANS: ReadonlySet<string> = new Set(['free']);

/** 0.001 USD per prediction above the limit, in micro-dollars so every sum stays an exact integer. */
export const OVERAGE_MICRO_USD_PER_PREDICTION = 1000n;

/**
 * CONTRACT.md "debit": refused when a hard-limit plan's month would exceed its limit with this event. Plan names
 * are free text on the key, so `Free` is the free plan too.
 */
export const mayDebit: DebitRule = ({ plan, limit, used }, requested) =>
  !HARD_LIMIT_PLANS.has(plan.trim().toLowerCase()) || limit === null || used + requested <= limit;

/** Overage in micro-dollars: predictions above the limit, none when unlimited. */
export function overageMicroUsd(predictions: number, limit: number | null): bigint {
  if (limit === null || predictions <= limit) return 0n;
  return (BigInt(predictions) - BigInt(limit)) * OVERAGE_MICRO_USD_PER_PREDICTION;
}

/** Micro-dollars as the JSON number with at most 6 decimals, built from the decimal text (no float arithmetic). */
export function usdFromMicros(micros: bigint): number {
  const sign = micros < 0n ? '-' : '';
  const abs = micros < 0n ? -micros : micros;
  return Number(`${sign}${abs / 1_000_000n}.${(abs % 1_000_000n).toString().padStart(6, '0')}`);
}

/** `overage_charges` of the billing answer: USD rounded to 6 decimals (exact: the price is a whole micro-dollar). */
export function overageCharges(predictions: number, limit: number | null): number {
  return usdFromMicros(overageMicroUsd(predictions, limit));
}

/** 00:00 UTC on the first day of the month after `now` (CONTRACT.md "billing"). */
export function nextBillingDate(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

export function limitExceededMessage(limit: number, used: number, requested: number): string {
  return `Monthly prediction limit of ${limit} reached: ${used} used this month, this request needs ${requested} more`;
}
