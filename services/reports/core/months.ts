// The months a report covers: one (`month`) or a range (`from`..`to`, inclusive), at most two years, so a
// report stays a bounded number of reads.
import { ValidationError } from '#shared/errors';

export const maxReportMonths = 24;

/** `YYYY-MM` months from `from` to `to`, inclusive. @throws ValidationError for a reversed or too long range */
export function monthsBetween(from: string, to: string): string[] {
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
  const first = index(from);
  const last = index(to);
  if (last < first) {
    throw new ValidationError('The range is reversed', [
      { path: 'query.to', message: 'must not be before from' },
    ]);
  }
  if (last - first + 1 > maxReportMonths) {
    throw new ValidationError('The range is too long', [
      { path: 'query.to', message: `a report covers at most ${maxReportMonths} months` },
    ]);
  }
  const months: string[] = [];
  for (let i = first; i <= last; i++) {
    months.push(`${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}

/**
 * The months of a report query: `month`, or `from` and `to`, or (nothing given) the current month.
 * @throws ValidationError for a mix of both, or half a range
 */
export function reportMonths(
  query: { month?: string | undefined; from?: string | undefined; to?: string | undefined },
  currentMonth: string,
): string[] {
  const { month, from, to } = query;
  if (month !== undefined && (from !== undefined || to !== undefined)) {
    throw new ValidationError('Give month, or from and to', [
      { path: 'query.month', message: 'not together with from / to' },
    ]);
  }
  if ((from === undefined) !== (to === undefined)) {
    throw new ValidationError('A range needs both ends', [
      { path: from === undefined ? 'query.from' : 'query.to', message: 'required with the other end' },
    ]);
  }
  if (from !== undefined && to !== undefined) return monthsBetween(from, to);
  return [month ?? currentMonth];
}
