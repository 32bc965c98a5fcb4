/** ISO 8601 in UTC written with `+00:00`, which Python 3.8's fromisoformat reads (CONTRACT.md "Conventions"). */
export function isoUtc(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

export function isoUtcOrNull(date: Date | null | undefined): string | null {
  return date ? isoUtc(date) : null;
}
