/**
 * Routes only machines call: validation, usage ingestion, the probes and metrics. They answer JSON or text that no
 * browser renders, on the service's hottest paths, so they get no per-request log line (refusals, errors and slow
 * requests are logged on their own) and only the response headers that matter for an API.
 * Express routes case-insensitively; so does this.
 */
export const MACHINE_ROUTES = /^\/(api\/v1\/keys\/validate|api\/v1\/usage\/|health|live|ready|metrics|auth\/(health|ready))/i;

export function isMachineRoute(url: string | undefined): boolean {
  return MACHINE_ROUTES.test(url ?? '');
}
