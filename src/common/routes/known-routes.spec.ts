import { KnownRoutes } from './known-routes';

describe('KnownRoutes', () => {
  it('matches templated paths and lists the methods of a path', () => {
    const sut = new KnownRoutes();
    sut.load({ '/api/v1/keys/{key_id}': { get: {}, delete: {} }, '/api/v1/keys': { get: {}, post: {} } });
    expect(sut.methodsFor('/api/v1/keys/123').sort()).toEqual(['DELETE', 'GET']);
    expect(sut.methodsFor('/api/v1/keys/')).toEqual(['GET', 'POST']);
    expect(sut.methodsFor('/api/v1/keys/1/2')).toEqual([]);
    expect(sut.methodsFor('/api/v1/keysX')).toEqual([]);
  });
});
