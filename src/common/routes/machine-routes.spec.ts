import { isMachineRoute } from './machine-routes';

describe('machine routes', () => {
  it.each([
    '/api/v1/keys/validate',
    '/API/V1/KEYS/VALIDATE',
    '/api/v1/usage/batch',
    '/live',
    '/health',
    '/metrics/prometheus',
    '/auth/ready',
  ])('%s is one', (url) => expect(isMachineRoute(url)).toBe(true));

  it.each(['/api/v1/keys', '/api/v1/keys/abc', '/api/v1/audit', '/docs/', '/', '/api/v1/usagex'])(
    '%s is not',
    (url) => {
      expect(isMachineRoute(url)).toBe(false);
    },
  );
});
