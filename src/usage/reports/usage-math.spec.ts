import fc from 'fast-check';
import { averageMs, errorRate } from './usage-math';

describe('usage averages', () => {
  it.each([
    [85, 2, 42.5],
    [100, 3, 33.33],
    [200, 3, 66.67],
    [1, 8, 0.13],
    [1005, 1000, 1.01],
    [0, 5, 0],
    [7, 0, 0],
  ])('averageMs(%d, %d) = %d', (sum, count, expected) => expect(averageMs(sum, count)).toBe(expected));

  it('rounds half up to 2 decimals, exactly, for any integers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 30 }), (sum, count) => {
        const text = averageMs(sum, count).toFixed(2);
        const hundredths = BigInt(text.replace('.', ''));
        const exact = BigInt(sum) * 100n;
        // hundredths/100 is the nearest 2-decimal value: |exact/count - hundredths| <= 1/2, ties upward.
        const diff2 = 2n * exact - 2n * hundredths * BigInt(count);
        return diff2 < BigInt(count) && diff2 >= -BigInt(count);
      }),
    );
  });

  it('error rate is the share among known statuses', () => {
    expect(errorRate(24, 1200)).toBe(0.02);
    expect(errorRate(1, 3)).toBe(1 / 3);
    expect(errorRate(0, 0)).toBe(0);
  });
});
