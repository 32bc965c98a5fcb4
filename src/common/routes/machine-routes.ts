/**
 * Routes only machines call: validation, usage ingestion, the probes and metrics. They answer JSON or text that no
 * browser renders, on the service's hottest paths, so they get no per-request log line (refusals, errors and slow
 * requests are logged on their own) and only the response headers that matter for an API.
 */
const MACHINE_ROUTE_PREFIXES = [
  'api/v1/keys/validate',
  'api/v1/usage/',
  'health',
  'live',
  'ready',
  'metrics',
  'auth/health',
  'auth/ready',
];

// Express routes case-insensitively; so does this.
const MACHINE_ROUTES = new RegExp(
  `^/(?:${MACHINE_ROUTE_PREFIXES.map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})`,
  'i',
);

export function isMachineRoute(url: string | undefined): boolean {
  return MACHINE_ROUTES.test(url ?? '');
}
