import { errorFromResponse, HokusaiAuthError, parseRetryAfter } from './hokusai-auth.error';

describe('errorFromResponse', () => {
  it('keeps a string detail and its code', () => {
    const err = errorFromResponse(401, 'Unauthorized', { detail: 'API key has expired', code: 'EXPIRED' });
    expect(err).toBeInstanceOf(HokusaiAuthError);
    expect(err).toMatchObject({ status: 401, detail: 'API key has expired', code: 'EXPIRED', retryAfter: undefined });
    expect(err.message).toBe('401: API key has expired');
  });

  it('summarises a 422 list in one line and keeps the entries', () => {
    const errors = [
      { loc: ['body', 'name'], msg: 'Field required', type: 'missing' },
      { loc: ['query', 'limit'], msg: 'Input should be less than or equal to 1000', type: 'less_than_equal' },
    ];
    const err = errorFromResponse(422, 'Unprocessable Entity', { detail: errors });
    expect(err.detail).toBe('body.name: Field required; query.limit: Input should be less than or equal to 1000');
    expect(err.errors).toEqual(errors);
  });

  it("reads the debit call's 402 object detail", () => {
    const body = { detail: { error: 'monthly_limit_exceeded', message: 'Monthly prediction limit of 100 reached' } };
    expect(errorFromResponse(402, 'Payment Required', body)).toMatchObject({
      status: 402,
      detail: 'Monthly prediction limit of 100 reached',
      code: 'MONTHLY_LIMIT_EXCEEDED',
    });
  });

  it('falls back to the status line for a body that is not the contract (a proxy page)', () => {
    const err = errorFromResponse(502, 'Bad Gateway', undefined);
    expect(err).toMatchObject({ status: 502, detail: 'HTTP 502 Bad Gateway' });
    expect(err.unavailable).toBe(true);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-25T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
