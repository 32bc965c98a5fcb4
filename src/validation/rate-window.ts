/*
 * The per-key window (ARCHITECTURE.md "Rate limits"): fixed, aligned to the UTC clock hour, so every replica and
 * every caller agrees when it resets; and the headers CONTRACT.md "Validation" lists for 200 and 429.
 */
const HOUR_MS = 3_600_000;

export interface HourWindow {
  /** Hours since the epoch: part of the counter's name, so a new hour is a new counter. */
  index: number;
  resetAtMs: number;
}

export function hourWindow(nowMs: number): HourWindow {
  const index = Math.floor(nowMs / HOUR_MS);
  return { index, resetAtMs: (index + 1) * HOUR_MS };
}

export interface RateState {
  limit: number;
  used: number;
  resetAtMs: number;
  nowMs: number;
  /** The window the state is of: the hour by default, or the per-second burst window that refused. */
  policy?: { name: string; seconds: number };
}

const HOURLY = { name: 'hourly', seconds: 3600 };

export function rateLimitHeaders(s: RateState, refused: boolean): Record<string, string> {
  const remaining = Math.max(0, s.limit - s.used);
  const secondsToReset = Math.max(1, Math.ceil((s.resetAtMs - s.nowMs) / 1000));
  const policy = s.policy ?? HOURLY;
  const headers: Record<string, string> = {
    'X-RateLimit-Limit': String(s.limit),
    'X-RateLimit-Remaining': String(remaining),
    'X-RateLimit-Reset': String(Math.ceil(s.resetAtMs / 1000)),
    'RateLimit-Policy': `"${policy.name}";q=${s.limit};w=${policy.seconds}`,
    RateLimit: `"${policy.name}";r=${remaining};t=${secondsToReset}`,
  };
  if (refused) headers['Retry-After'] = String(secondsToReset);
  return headers;
}
