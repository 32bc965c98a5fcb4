import fc from 'fast-check';
import { mayDebit, nextBillingDate, overageCharges, overageMicroUsd, usdFromMicros } from './billing-math';

describe('billing math', () => {
  it('charges 0.001 USD per prediction above the limit, nothing when unlimited or within it', () => {
    expect(overageCharges(1500, 1000)).toBe(0.5);
    expect(overageCharges(1001, 1000)).toBe(0.001);
    expect(overageCharges(1000, 1000)).toBe(0);
    expect(overageCharges(10, 1000)).toBe(0);
    expect(overageCharges(5_000_000, null)).toBe(0);
    expect(overageCharges(3, 0)).toBe(0.003);
    expect(overageCharges(1_234_567_891, 1)).toBe(1234567.89);
  });

  it('never drifts: the charge is the exact decimal, unlike summing 0.001 in floating point', () => {
    let float = 0;
    for (let i = 0; i < 1000; i++) float += 0.001;
    expect(float).not.toBe(1);
    expect(overageCharges(2000, 1000)).toBe(1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 30 }), (predictions, limit) => {
        const over = Math.max(0, predictions - limit);
        const text = `${Math.floor(over / 1000)}.${String(over % 1000).padStart(3, '0')}`;
        return (
          overageCharges(predictions, limit) === Number(text) &&
          overageMicroUsd(predictions, limit) === BigInt(over) * 1000n
        );
      }),
    );
  });

  it('writes micro-dollars with at most 6 decimals', () => {
    expect(usdFromMicros(0n)).toBe(0);
    expect(usdFromMicros(1n)).toBe(0.000001);
    expect(usdFromMicros(123_456_789n)).toBe(123.456789);
    expect(usdFromMicros(-1_500_000n)).toBe(-1.5);
  });

  it('enforces the limit as a hard stop on the free plan only', () => {
    expect(mayDebit({ plan: 'free', limit: 10, used: 9 }, 1)).toBe(true);
    expect(mayDebit({ plan: 'free', limit: 10, used: 9 }, 2)).toBe(false);
    expect(mayDebit({ plan: 'free', limit: 10, used: 10 }, 0)).toBe(true);
    expect(mayDebit({ plan: 'free', limit: 10, used: 11 }, 0)).toBe(false);
    expect(mayDebit({ plan: 'free', limit: null, used: 10 ** 9 }, 5)).toBe(true);
    expect(mayDebit({ plan: 'pro', limit: 10, used: 10 }, 50)).toBe(true);
    expect(mayDebit({ plan: 'Free', limit: 10, used: 10 }, 1)).toBe(false);
  });

  it('bills on the first day of next month at 00:00 UTC', () => {
    expect(nextBillingDate(new Date('2026-11-25T10:15:30Z'))).toEqual(new Date('2026-12-01T00:00:00Z'));
    expect(nextBillingDate(new Date('2026-12-31T23:59:59.999Z'))).toEqual(new Date('2027-01-01T00:00:00Z'));
    expect(nextBillingDate(new Date('2026-01-31T12:00:00Z'))).toEqual(new Date('2026-02-01T00:00:00Z'));
    expect(nextBillingDate(new Date('2026-12-01T00:30:00+01:00'))).toEqual(new Date('2026-12-01T00:00:00Z'));
  });
});
