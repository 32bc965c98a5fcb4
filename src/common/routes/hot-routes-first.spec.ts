import { hotRoutesFirst } from './hot-routes-first';

const route = (path: string) => ({ name: path, route: { path } });
const middleware = (name: string): { name: string; route?: { path: string } } => ({ name });

describe('hotRoutesFirst', () => {
  it('moves machine routes ahead of the others, keeping each group in order', () => {
    const router = {
      stack: [
        middleware('front door'),
        middleware('bodies'),
        route('/api/v1/audit'),
        route('/api/v1/keys/validate'),
        route('/api/v1/keys/:key_id'),
        route('/'),
        route('/live'),
        route('/api/v1/usage/batch'),
        route('/api/v1/usage/:key_id'),
        route('/docs'),
      ],
    };
    hotRoutesFirst(router);
    expect(router.stack.map((l) => l.name)).toEqual([
      'front door',
      'bodies',
      '/api/v1/keys/validate',
      '/live',
      '/api/v1/usage/batch',
      '/api/v1/usage/:key_id',
      '/api/v1/audit',
      '/api/v1/keys/:key_id',
      '/',
      '/docs',
    ]);
  });

  it('leaves a middleware layer after the routes, and every route after it, where they were', () => {
    const router = {
      stack: [route('/api/v1/keys'), route('/health'), middleware('static files'), route('/metrics'), route('/')],
    };
    hotRoutesFirst(router);
    expect(router.stack.map((l) => l.name)).toEqual(['/health', '/api/v1/keys', 'static files', '/metrics', '/']);
  });

  it('does nothing to a stack without routes', () => {
    const router = { stack: [middleware('a'), middleware('b')] };
    hotRoutesFirst(router);
    expect(router.stack.map((l) => l.name)).toEqual(['a', 'b']);
  });
});
