import { isDatabaseUnavailable } from './database-unavailable';

describe('isDatabaseUnavailable', () => {
  it.each([
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    [
      'admin shutdown',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ],
    ['connection exception class', Object.assign(new Error('x'), { code: '08006' })],
    ['pg pool timeout', new Error('timeout exceeded when trying to connect')],
    [
      'wrapped by TypeORM',
      Object.assign(new Error('query failed'), { driverError: new Error('Connection terminated unexpectedly') }),
    ],
  ])('%s: unavailable', (_label, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['an invalid inet', Object.assign(new Error('invalid input syntax for type inet'), { code: '22P02' })],
    ['a plain bug', new TypeError('cannot read properties of undefined')],
    ['not an error', 'boom'],
    ['nothing', undefined],
  ])('%s: a real failure, not an outage', (_label, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
