// Figures from histograms of whole working days (value → count): count, median, percentiles, rates. Histograms
// add up exactly, so a roll-up over departments, permits, tracks or months is as exact as one counter item, and a
// median or 90th percentile needs the histogram only, never the individual steps.

export type Histogram = ReadonlyMap<number, number>;

export function countOf(histogram: Histogram): number {
  let n = 0;
  for (const count of histogram.values()) n += count;
  return n;
}

/** Adds `from` into `into`, value by value. */
export function addInto(into: Map<number, number>, from: Histogram): void {
  for (const [value, count] of from) into.set(value, (into.get(value) ?? 0) + count);
}

/** The `rank`-th smallest value (1-based), counting each value as often as the histogram holds it. */
export function valueAtRank(histogram: Histogram, rank: number): number {
  let seen = 0;
  for (const value of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(value)!;
    if (seen >= rank) return value;
  }
  throw new RangeError(`rank ${rank} is beyond the ${seen} values of the histogram`);
}

/** The median: the middle value, or the mean of the two middle values of an even count. Null when empty. */
export function medianOf(histogram: Histogram): number | null {
  const n = countOf(histogram);
  if (n === 0) return null;
  if (n % 2 === 1) return valueAtRank(histogram, (n + 1) / 2);
  return (valueAtRank(histogram, n / 2) + valueAtRank(histogram, n / 2 + 1)) / 2;
}

/**
 * The p-th percentile by the nearest-rank method: the smallest value that at least p% of the values do not
 * exceed (so the 90th percentile is a value that occurred). Null when empty.
 */
export function percentileOf(histogram: Histogram, p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100]: ${p}`);
  const n = countOf(histogram);
  if (n === 0) return null;
  return valueAtRank(histogram, Math.max(1, Math.ceil((p / 100) * n)));
}

/** part / whole, rounded to four decimals; null when there is no whole. */
export function rateOf(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

/** total / n, rounded to two decimals; null when n is 0. */
export function meanOf(total: number, n: number): number | null {
  return n === 0 ? null : Math.round((total / n) * 100) / 100;
}
