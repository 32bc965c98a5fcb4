import type { Response } from 'express';
import { refusalAnswer, settle, ValidationRefusedException } from './validation-answer';
import { refusal } from './validation-refusal';

describe('refusalAnswer', () => {
  it("carries the contract's status and body, and a 401 is a Bearer challenge", () => {
    expect(refusalAnswer(refusal('WRONG_SERVICE', 'website'))).toEqual({
      accepted: false,
      status: 401,
      body: {
        detail: 'API key not valid for service website',
        code: 'WRONG_SERVICE',
        is_valid: false,
        error: 'API key not valid for service website',
      },
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

describe('settle', () => {
  const response = () => {
    const headers: Record<string, string> = {};
    return { headers, res: { set: (h: Record<string, string>) => Object.assign(headers, h) } as unknown as Response };
  };

  it('a refusal sets its headers and is thrown with its status and body, without stack frames', () => {
    const { headers, res } = response();
    const before = Error.stackTraceLimit;
    let thrown: unknown;
    try {
      settle(refusalAnswer(refusal('INVALID_KEY')), res);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ValidationRefusedException);
    const e = thrown as ValidationRefusedException;
    expect([e.getStatus(), e.getResponse()]).toEqual([
      401,
      {
        detail: 'API key not found or invalid',
        code: 'INVALID_KEY',
        is_valid: false,
        error: 'API key not found or invalid',
      },
    ]);
    expect(e.stack?.split('\n').filter((l) => l.trim().startsWith('at '))).toEqual([]);
    expect(Error.stackTraceLimit).toBe(before);
    expect(headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
  });

  it('a success sets its headers and returns its body', () => {
    const { headers, res } = response();
    const body = { is_valid: true } as never;
    expect(settle({ accepted: true, status: 200, body, headers: { 'X-RateLimit-Limit': '10' } }, res)).toBe(body);
    expect(headers).toEqual({ 'X-RateLimit-Limit': '10' });
  });
});
