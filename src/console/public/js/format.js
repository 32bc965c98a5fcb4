// Pure formatting for the console's views. No DOM here, so src/console/format.spec.ts runs it in node: the same
// file the browser loads, with no build step between them.

/** A timestamp in the browser's time zone (or the one given, for tests): what an admin reads at a glance. */
export function formatLocal(iso, timeZone) {
  if (!iso) return '';
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** The same instant in UTC, for the hover title: the API and the logs speak UTC. */
export function formatUtc(iso) {
  if (!iso) return '';
  return `${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function formatCount(n) {
  return n === null || n === undefined ? 'unlimited' : Number(n).toLocaleString('en-US');
}

/** error_rate is a share from 0 to 1 (CONTRACT.md "stats"). */
export function formatPercent(rate) {
  return `${(Number(rate) * 100).toFixed(1)} %`;
}

export function formatMs(ms) {
  return `${Number(ms).toFixed(1)} ms`;
}

export function formatUsd(amount) {
  return `$${Number(amount)
    .toFixed(6)
    .replace(/0{1,4}$/, '')}`;
}

/** A key with no scopes may do anything within its service (CONTRACT.md "Scopes"): say so rather than show nothing. */
export function formatScopes(scopes) {
  return scopes && scopes.length ? scopes.join(', ') : 'any (no scopes)';
}

/**
 * Active, rotated, revoked or expired: is_active stays true past expiry and through a rotation's grace period
 * (CONTRACT.md "key object"), so rotated_to and expires_at are read too.
 */
export function keyStatus(key, now = new Date()) {
  if (key.rotated_to) return 'rotated';
  if (!key.is_active) return 'revoked';
  if (key.expires_at && new Date(key.expires_at) <= now) return 'expired';
  return 'active';
}
