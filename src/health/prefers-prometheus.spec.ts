import { prefersPrometheus } from './prefers-prometheus';

describe('prefersPrometheus', () => {
  it.each([
    [undefined, false],
    ['*/*', false],
    ['application/json', false],
    ['text/plain', true],
    ['text/plain;version=0.0.4;q=0.9,*/*;q=0.1', true],
    ['application/openmetrics-text; version=1.0.0', true],
    ['application/json, text/plain;q=0.5', false],
    ['text/plain;q=0.9, application/json;q=0.5', true],
  ])('%j -> %s', (accept, expected) => expect(prefersPrometheus(accept)).toBe(expected));
});
