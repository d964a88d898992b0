import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addInto, medianOf, percentileOf, rateOf, valueAtRank } from './statistics.ts';

const histogramOf = (values: readonly number[]) => {
  const h = new Map<number, number>();
  for (const v of values) h.set(v, (h.get(v) ?? 0) + 1);
  return h;
};

// Plain definitions over the sorted values, to check the histogram arithmetic against.
const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);
const referenceMedian = (values: readonly number[]) => {
  const s = sorted(values);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
};
const referencePercentile = (values: readonly number[], p: number) =>
  sorted(values)[Math.max(1, Math.ceil((p / 100) * values.length)) - 1]!;

const workingDays = fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 300 });

describe('medianOf', () => {
  it('is the middle value, or the mean of the two middle values', () => {
    expect(medianOf(histogramOf([3, 1, 2]))).toBe(2);
    expect(medianOf(histogramOf([4, 1, 2, 3]))).toBe(2.5);
    expect(medianOf(new Map())).toBeNull();
  });

  it('agrees with sorting the values themselves', () => {
    fc.assert(
      fc.property(workingDays, (values) => medianOf(histogramOf(values)) === referenceMedian(values)),
    );
  });
});

describe('percentileOf', () => {
  it('takes the nearest rank', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentileOf(histogramOf(values), 90)).toBe(9);
    expect(percentileOf(histogramOf([...values, 11]), 90)).toBe(10);
    expect(percentileOf(histogramOf([5]), 90)).toBe(5);
    expect(percentileOf(new Map(), 90)).toBeNull();
  });

  it('agrees with sorting the values themselves, at every percentile', () => {
    fc.assert(
      fc.property(workingDays, fc.integer({ min: 1, max: 100 }), (values, p) => {
        return percentileOf(histogramOf(values), p) === referencePercentile(values, p);
      }),
    );
  });

  it('rolls up exactly: the percentile of merged histograms is that of all values together', () => {
    fc.assert(
      fc.property(workingDays, workingDays, (a, b) => {
        const merged = histogramOf(a);
        addInto(merged, histogramOf(b));
        return percentileOf(merged, 90) === referencePercentile([...a, ...b], 90);
      }),
    );
  });
});

describe('valueAtRank', () => {
  it('refuses a rank beyond the count', () => {
    expect(() => valueAtRank(histogramOf([1]), 2)).toThrow(RangeError);
  });
});

describe('rateOf', () => {
  it('rounds to four decimals and has no rate of nothing', () => {
    expect(rateOf(129, 172)).toBe(0.75);
    expect(rateOf(2, 3)).toBe(0.6667);
    expect(rateOf(0, 0)).toBeNull();
  });
});
