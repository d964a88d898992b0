// Department steps per department, permit (or kind), track and month: steps closed, on-time rate, median and
// 90th percentile of working days used, supplement requests raised and answered (补正), and overdue steps still
// open. Closed-step figures come from the month's counters (one Query per month, whatever the number of
// applications); overdue ones live from the open-steps index, counted in the month they fell due.
import { permitTypeSchema, type DepartmentId, type PermitType, type Track } from '#shared/model';
import { histogramOf, parseStepsDimension, stepsDimensionPrefix } from '#services/application/core/counters';
import { monthOf } from '#services/application/core/clock';
import { overdueReport } from './overdue-report.ts';
import type { ReportDeps } from './ports.ts';
import { addInto, meanOf, medianOf, percentileOf, rateOf } from './statistics.ts';

/** The department step kinds the figures are kept for. */
export const reportedStepKinds = ['intake', 'review', 'verification'] as const;
export type ReportedStepKind = (typeof reportedStepKinds)[number];

export const stepReportGroupings = ['month', 'department', 'permit', 'track'] as const;
export type StepReportGrouping = (typeof stepReportGroupings)[number];

export interface StepReportQuery {
  months: readonly string[];
  department?: DepartmentId | undefined;
  permitType?: PermitType | undefined;
  kind?: ReportedStepKind | undefined;
  track?: Track | undefined;
  /** The keys rows are grouped by; the others are summed over (null in the rows). @default all four */
  groupBy?: readonly StepReportGrouping[] | undefined;
  /**
   * Count overdue steps still open (a live read of the open-steps index of every department). The published
   * figures leave them out: counters only, a bounded number of reads. @default true
   */
  overdue?: boolean | undefined;
}

export interface StepReportRow {
  month: string | null;
  department: DepartmentId | null;
  kind: ReportedStepKind | null;
  permitType: PermitType | null;
  track: Track | null;
  closed: number;
  onTime: number;
  /** onTime / closed, four decimals; null with nothing closed. */
  onTimeRate: number | null;
  medianWorkingDays: number | null;
  p90WorkingDays: number | null;
  meanWorkingDays: number | null;
  /** 补正 requests the department raised, and the enterprise's answers to them. */
  supplementsRequested: number;
  supplementsAnswered: number;
  /** Steps that fell due in the month and are still open now. */
  overdueOpen: number;
}

export interface StepReport {
  asOf: string;
  months: string[];
  groupBy: StepReportGrouping[];
  rows: StepReportRow[];
}

interface Key {
  month: string;
  department: DepartmentId;
  kind: ReportedStepKind;
  permitType: PermitType | null;
  track: Track;
}

interface Accumulator {
  key: Partial<Key>;
  closed: number;
  onTime: number;
  workingDays: number;
  days: Map<number, number>;
  supplementsRequested: number;
  supplementsAnswered: number;
  overdueOpen: number;
}

export async function stepReport(deps: ReportDeps, query: StepReportQuery): Promise<StepReport> {
  const asOf = deps.now().toISOString();
  const groupBy = [...(query.groupBy ?? stepReportGroupings)];
  const prefix =
    query.department !== undefined ? `${stepsDimensionPrefix}${query.department}:` : stepsDimensionPrefix;
  const [monthly, overdue] = await Promise.all([
    Promise.all(query.months.map((month) => deps.repository.listCounters(month, { prefix }))),
    query.overdue === false
      ? { steps: [] }
      : overdueReport(deps, { department: query.department, due: monthsWindow(deps, query.months) }),
  ]);

  const groups = new Map<string, Accumulator>();
  const groupOf = (key: Key): Accumulator => {
    const kept = keep(key, groupBy);
    const id = JSON.stringify(kept);
    let group = groups.get(id);
    if (!group) {
      group = {
        key: kept,
        closed: 0,
        onTime: 0,
        workingDays: 0,
        days: new Map(),
        supplementsRequested: 0,
        supplementsAnswered: 0,
        overdueOpen: 0,
      };
      groups.set(id, group);
    }
    return group;
  };

  for (const row of monthly.flat()) {
    const parsed = parseStepsDimension(row.dimension);
    if (!parsed) continue;
    const key = {
      month: row.month,
      department: parsed.department,
      track: parsed.track,
      ...subject(parsed.subject),
    };
    if (!key.kind || !matches(key as Key, query)) continue;
    const group = groupOf(key as Key);
    const c = row.counters;
    group.closed += c.closed ?? 0;
    group.onTime += c.onTime ?? 0;
    group.workingDays += c.workingDays ?? 0;
    group.supplementsRequested += c.supplementsRequested ?? 0;
    group.supplementsAnswered += c.supplementsAnswered ?? 0;
    addInto(group.days, histogramOf(c, 'days'));
  }

  const months = new Set(query.months);
  for (const step of overdue.steps) {
    if (step.track === null || !months.has(step.dueMonth)) continue;
    const kind = (reportedStepKinds as readonly string[]).includes(step.kind)
      ? (step.kind as ReportedStepKind)
      : undefined;
    if (!kind) continue;
    const key: Key = {
      month: step.dueMonth,
      department: step.department,
      kind,
      permitType: kind === 'review' ? step.permitType : null,
      track: step.track,
    };
    if (matches(key, query)) groupOf(key).overdueOpen += 1;
  }

  // A decision voided on expiry leaves its counters at zero: such a group says nothing.
  const counted = [...groups.values()].filter(
    (g) => g.closed + g.supplementsRequested + g.supplementsAnswered + g.overdueOpen > 0,
  );
  const rows = counted.map((g): StepReportRow => ({
    month: g.key.month ?? null,
    department: g.key.department ?? null,
    kind: g.key.kind ?? null,
    permitType: g.key.permitType ?? null,
    track: g.key.track ?? null,
    closed: g.closed,
    onTime: g.onTime,
    onTimeRate: rateOf(g.onTime, g.closed),
    medianWorkingDays: medianOf(g.days),
    p90WorkingDays: percentileOf(g.days, 90),
    meanWorkingDays: meanOf(g.workingDays, g.closed),
    supplementsRequested: g.supplementsRequested,
    supplementsAnswered: g.supplementsAnswered,
    overdueOpen: g.overdueOpen,
  }));
  rows.sort(
    (a, b) =>
      compare(a.month, b.month) ||
      compare(a.department, b.department) ||
      compare(a.kind, b.kind) ||
      compare(a.permitType, b.permitType) ||
      compare(a.track, b.track),
  );
  return { asOf, months: [...query.months], groupBy, rows };
}

/** A `steps:` dimension's subject is a permit (a review) or a kind. */
function subject(value: string): { kind?: ReportedStepKind; permitType: PermitType | null } {
  // Permit types are catalogue data (any slug), so a subject that is not a step kind is a permit's review.
  if ((reportedStepKinds as readonly string[]).includes(value)) {
    return { kind: value as ReportedStepKind, permitType: null };
  }
  if (permitTypeSchema.safeParse(value).success) return { kind: 'review', permitType: value };
  return { permitType: null };
}

function matches(key: Key, query: StepReportQuery): boolean {
  return (
    (query.department === undefined || key.department === query.department) &&
    (query.permitType === undefined || key.permitType === query.permitType) &&
    (query.kind === undefined || key.kind === query.kind) &&
    (query.track === undefined || key.track === query.track)
  );
}

function keep(key: Key, groupBy: readonly StepReportGrouping[]): Partial<Key> {
  return {
    ...(groupBy.includes('month') ? { month: key.month } : {}),
    ...(groupBy.includes('department') ? { department: key.department } : {}),
    ...(groupBy.includes('permit') ? { kind: key.kind, permitType: key.permitType } : {}),
    ...(groupBy.includes('track') ? { track: key.track } : {}),
  };
}

const compare = (a: string | null, b: string | null): number => (a ?? '').localeCompare(b ?? '');

/** From the start of the first month to the start of the month after the last, in the region's zone. */
function monthsWindow(
  deps: Pick<ReportDeps, 'calendar'>,
  months: readonly string[],
): { from: Date; before: Date } {
  const sorted = [...months].sort();
  const last = sorted.at(-1)!;
  const next = last.endsWith('-12')
    ? `${Number(last.slice(0, 4)) + 1}-01`
    : `${last.slice(0, 5)}${String(Number(last.slice(5)) + 1).padStart(2, '0')}`;
  return {
    from: deps.calendar.startOfDay(`${sorted[0]}-01`),
    before: deps.calendar.startOfDay(`${next}-01`),
  };
}

/** The current month in the region's zone. */
export const currentMonth = (deps: Pick<ReportDeps, 'calendar' | 'now'>): string => monthOf(deps.now(), deps);
