// Whole applications per track and month (限时办结): permits issued jointly, on time against the 15 / 9 working
// day limit, median and 90th percentile of working days used, how they ended otherwise (refused, failed,
// revoked, verified), and how many supplement rounds (补正) they needed: "N% of matters issued with one
// submission" as a query. One Query per month on the month's counters.
import type { Track } from '#shared/model';
import {
  applicationsDimensionPrefix,
  histogramOf,
  parseApplicationsDimension,
} from '#services/application/core/counters';
import type { ReportDeps } from './ports.ts';
import { addInto, countOf, meanOf, medianOf, percentileOf, rateOf } from './statistics.ts';

export const applicationReportGroupings = ['month', 'track'] as const;
export type ApplicationReportGrouping = (typeof applicationReportGroupings)[number];

export interface ApplicationReportQuery {
  months: readonly string[];
  track?: Track | undefined;
  /** @default both */
  groupBy?: readonly ApplicationReportGrouping[] | undefined;
}

export interface ApplicationReportRow {
  month: string | null;
  track: Track | null;
  issued: number;
  /** Issued with the whole-application SLA measured (the others could not be read against the calendar). */
  measured: number;
  onTime: number;
  /** onTime / measured. */
  onTimeRate: number | null;
  medianWorkingDays: number | null;
  p90WorkingDays: number | null;
  meanWorkingDays: number | null;
  meanPausedWorkingDays: number | null;
  /** Issued without any supplement request: the enterprise submitted once (最多跑一次). */
  issuedWithoutSupplement: number;
  withoutSupplementRate: number | null;
  issuedWithAtMostOneSupplement: number;
  atMostOneSupplementRate: number | null;
  refused: number;
  failed: number;
  verified: number;
  /** 承诺核查 failed: permits revoked, each with a credit mark against the enterprise. */
  revoked: number;
}

export interface ApplicationReport {
  asOf: string;
  months: string[];
  groupBy: ApplicationReportGrouping[];
  rows: ApplicationReportRow[];
}

interface Accumulator {
  month?: string;
  track?: Track;
  counters: Record<string, number>;
  days: Map<number, number>;
  supplements: Map<number, number>;
}

export async function applicationReport(
  deps: ReportDeps,
  query: ApplicationReportQuery,
): Promise<ApplicationReport> {
  const asOf = deps.now().toISOString();
  const groupBy = [...(query.groupBy ?? applicationReportGroupings)];
  const prefix =
    query.track !== undefined ? `${applicationsDimensionPrefix}${query.track}` : applicationsDimensionPrefix;
  const monthly = await Promise.all(
    query.months.map((month) => deps.repository.listCounters(month, { prefix })),
  );

  const groups = new Map<string, Accumulator>();
  for (const row of monthly.flat()) {
    const parsed = parseApplicationsDimension(row.dimension);
    if (!parsed || (query.track !== undefined && parsed.track !== query.track)) continue;
    const key = {
      ...(groupBy.includes('month') ? { month: row.month } : {}),
      ...(groupBy.includes('track') ? { track: parsed.track } : {}),
    };
    const id = JSON.stringify(key);
    const group: Accumulator = groups.get(id) ?? {
      ...key,
      counters: {},
      days: new Map(),
      supplements: new Map(),
    };
    groups.set(id, group);
    for (const [name, value] of Object.entries(row.counters)) {
      group.counters[name] = (group.counters[name] ?? 0) + value;
    }
    addInto(group.days, histogramOf(row.counters, 'days'));
    addInto(group.supplements, histogramOf(row.counters, 'supplements'));
  }

  const counted = [...groups.values()].filter((g) => Object.values(g.counters).some((n) => n !== 0));
  const rows = counted.map((g): ApplicationReportRow => {
    const c = (name: string) => g.counters[name] ?? 0;
    const measured = countOf(g.days);
    const withoutSupplement = g.supplements.get(0) ?? 0;
    const atMostOne = withoutSupplement + (g.supplements.get(1) ?? 0);
    return {
      month: g.month ?? null,
      track: g.track ?? null,
      issued: c('issued'),
      measured,
      onTime: c('onTime'),
      onTimeRate: rateOf(c('onTime'), measured),
      medianWorkingDays: medianOf(g.days),
      p90WorkingDays: percentileOf(g.days, 90),
      meanWorkingDays: meanOf(c('workingDays'), measured),
      meanPausedWorkingDays: meanOf(c('pausedDays'), measured),
      issuedWithoutSupplement: withoutSupplement,
      withoutSupplementRate: rateOf(withoutSupplement, countOf(g.supplements)),
      issuedWithAtMostOneSupplement: atMostOne,
      atMostOneSupplementRate: rateOf(atMostOne, countOf(g.supplements)),
      refused: c('refused'),
      failed: c('failed'),
      verified: c('verified'),
      revoked: c('revoked'),
    };
  });
  rows.sort(
    (a, b) => (a.month ?? '').localeCompare(b.month ?? '') || (a.track ?? '').localeCompare(b.track ?? ''),
  );
  return { asOf, months: [...query.months], groupBy, rows };
}
