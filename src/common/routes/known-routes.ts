import { Injectable } from '@nestjs/common';

type Route = { pattern: RegExp; path: string; method: string };

/**
 * The router's routes, read from the OpenAPI document at start-up. Lets the filter answer 405 instead of 404
 * for a known path with the wrong method, and lets tests compare the admin-guard table with the real routes.
 */
@Injectable()
export class KnownRoutes {
  private routes: Route[] = [];

  load(paths: Record<string, Record<string, unknown>>): void {
    this.routes = Object.entries(paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => ({ path, method: method.toUpperCase(), pattern: toPattern(path) })),
    );
  }

  list(): { path: string; method: string }[] {
    return this.routes.map(({ path, method }) => ({ path, method }));
  }

  methodsFor(path: string): string[] {
    return this.routes.filter((r) => r.pattern.test(path)).map((r) => r.method);
  }
}

function toPattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
  return new RegExp(`^${escaped}/?$`);
}
