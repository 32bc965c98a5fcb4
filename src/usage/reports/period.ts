/** Calendar months in UTC: the stats period (CONTRACT.md "stats") and the billing month. Years 1970 to 2999. */
export const PERIOD_PATTERN = /^(19[7-9]\d|2\d{3})-(0[1-9]|1[0-2])$/;

export interface Period {
  /** `YYYY-MM` */
  label: string;
  /** First instant of the month, UTC. */
  start: Date;
  /** First instant of the next month, UTC (exclusive end). */
  end: Date;
}

export function monthStartOf(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

export function periodOf(date: Date): Period {
  const start = monthStartOf(date);
  const label = new Date(start).toISOString().slice(0, 7);
  return { label, start: new Date(start), end: new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)) };
}

/** The period named `YYYY-MM`, or undefined when the text is not one. */
export function parsePeriod(text: string): Period | undefined {
  const m = PERIOD_PATTERN.exec(text);
  if (!m) return undefined;
  return periodOf(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}
