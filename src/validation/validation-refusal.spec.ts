import { refusal, ValidationRefusedException } from './validation-refusal';

describe('ValidationRefusedException.of', () => {
  it("carries the contract's status and body", () => {
    const e = ValidationRefusedException.of(refusal('WRONG_SERVICE', 'website'));
    expect(e.getStatus()).toBe(401);
    expect(e.getResponse()).toEqual({
      detail: 'API key not valid for service website', code: 'WRONG_SERVICE', is_valid: false, error: 'API key not valid for service website',
    });
    expect(e).toBeInstanceOf(ValidationRefusedException);
  });

  it('echoes at most 100 characters of a caller-given service or scope', () => {
    const detail = refusal('INSUFFICIENT_SCOPE', 's'.repeat(5000)).detail;
    expect(detail).toBe(`Insufficient scope: ${'s'.repeat(100)}… required`);
  });

  it('captures no stack frames, and leaves the stack limit of every other error as it was', () => {
    const before = Error.stackTraceLimit;
    const e = ValidationRefusedException.of(refusal('INVALID_KEY'));
    expect(e.stack?.split('\n').filter((l) => l.trim().startsWith('at '))).toEqual([]);
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('other').stack).toContain(' at ');
  });
});
