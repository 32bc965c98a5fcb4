import { isMachineRoute } from './machine-routes';

type Layer = { route?: { path?: unknown } };

/** The part of Express 5's router this touches: its layers, in the order a request tries them. */
export interface RouterStack {
  stack: Layer[];
}

/**
 * Moves the machine routes (validation, usage, the probes, metrics) ahead of every other route, keeping the
 * order within each group. Express tries a request against each layer in turn, and each route it walks past
 * costs a path match (CPU profile of GET /live: the router's `next` was its largest JavaScript entry, 5 µs of
 * 100 with /live thirteenth in the stack; the floor's is 3 µs). Nest registers routes module by module, and the
 * modules that must load first (audit, then keys through validation) hold admin routes, so their order cannot
 * say it. Only the run of routes that starts at the first route is reordered: a middleware layer, and the routes
 * after it (static files, Nest's 404 handler), keep their place.
 *
 * Safe because a stable partition changes only which of two routes is tried first when one is a machine route and
 * the other is not, and no such pair answers the same request: the machine prefixes are apart from every other
 * path, but for `GET /api/v1/keys/:key_id`, whose pattern also matches the validate path, and a route answers only
 * its own method (validate is POST). The e2e suite, which calls every route, runs on this order.
 */
export function hotRoutesFirst(router: RouterStack): void {
  const isRoute = (layer: Layer) => layer.route !== undefined;
  const start = router.stack.findIndex(isRoute);
  if (start < 0) return;
  const after = router.stack.findIndex((layer, i) => i > start && !isRoute(layer));
  const end = after < 0 ? router.stack.length : after;
  const routes = router.stack.slice(start, end);
  const isHot = (layer: Layer) => typeof layer.route?.path === 'string' && isMachineRoute(layer.route.path);
  router.stack.splice(start, routes.length, ...routes.filter(isHot), ...routes.filter((l) => !isHot(l)));
}
