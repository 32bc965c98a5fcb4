import { refusalAnswer } from './validation-answer';
import { refusal } from './validation-refusal';

describe('refusalAnswer', () => {
  it("carries the contract's status and body, and a 401 is a Bearer challenge", () => {
    expect(refusalAnswer(refusal('WRONG_SERVICE', 'website'))).toEqual({
      status: 401,
      body: { detail: 'API key not valid for service website', code: 'WRONG_SERVICE', is_valid: false, error: 'API key not valid for service website' },
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  });

  it('a 400 and a 429 are no challenge; a 429 keeps its rate-limit headers', () => {
    expect(refusalAnswer(refusal('MISSING_KEY')).headers).toEqual({});
    const limited = refusalAnswer(refusal('RATE_LIMITED'), { 'Retry-After': '60', 'X-RateLimit-Remaining': '0' });
    expect([limited.status, limited.headers]).toEqual([429, { 'Retry-After': '60', 'X-RateLimit-Remaining': '0' }]);
  });

  it('echoes at most 100 characters of a caller-given service or scope', () => {
    const detail = refusal('INSUFFICIENT_SCOPE', 's'.repeat(5000)).detail;
    expect(detail).toBe(`Insufficient scope: ${'s'.repeat(100)}… required`);
  });
});
