const MINUTE_MS = 60_000;

/** The epoch ms at which the clock minute holding `nowMs` ends: the reset of every per-minute fixed window. */
export function endOfMinute(nowMs: number): number {
  return (Math.floor(nowMs / MINUTE_MS) + 1) * MINUTE_MS;
}

/** Whole seconds until `resetAtMs`, at least 1: the `Retry-After` of a refusal by a fixed window. */
export function secondsUntil(resetAtMs: number, nowMs: number): number {
  return Math.max(1, Math.ceil((resetAtMs - nowMs) / 1000));
}
