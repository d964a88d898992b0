// Published performance (政务公开): per department and track, in one month, the department reviews closed, on
// time, the on-time rate, median and p90 working days. The same figures as the administrators' step report
// (stepReport over the same write-time counters), narrowed to what a service centre publishes: no permit, no
// application, no overdue list. One Query of the month's counter partition per request, whatever the traffic.
import * as z from 'zod';
import { departmentNameOf, tracks } from '#shared/model';
import type { ReportDeps } from './ports.ts';
import { satisfactionOfMonth } from './satisfaction-report.ts';
import { stepReport } from './step-report.ts';

export const publishedPerformanceRowSchema = z.object({
  department: z.object({ departmentId: z.string(), name: z.string() }),
  track: z.enum(tracks),
  /** Department reviews (并联审批) closed in the month. */
  closed: z.number().int(),
  onTime: z.number().int(),
  /** onTime / closed, four decimals; null with nothing closed. */
  onTimeRate: z.number().nullable(),
  medianWorkingDays: z.number().nullable(),
  p90WorkingDays: z.number().nullable(),
});

/** 满意率 of a department in the month (好差评): counts only, never a rating or a comment. */
export const publishedSatisfactionRowSchema = z.object({
  department: z.object({ departmentId: z.string(), name: z.string() }),
  rated: z.number().int(),
  satisfied: z.number().int(),
  /** satisfied ÷ rated, four decimals. */
  satisfactionRate: z.number().nullable(),
});

export const publishedPerformanceSchema = z.object({
  month: z.string(),
  /** When the figures were read (they may be kept five minutes by caches). */
  asOf: z.string(),
  rows: z.array(publishedPerformanceRowSchema),
  satisfaction: z.array(publishedSatisfactionRowSchema),
});
export type PublishedPerformance = z.infer<typeof publishedPerformanceSchema>;

export async function publishedPerformance(deps: ReportDeps, month: string): Promise<PublishedPerformance> {
  const [report, satisfaction] = await Promise.all([
    stepReport(deps, { months: [month], kind: 'review', groupBy: ['department', 'track'], overdue: false }),
    satisfactionOfMonth(deps, month),
  ]);
  return {
    month,
    asOf: report.asOf,
    rows: report.rows
      .filter((row) => row.closed > 0)
      .map((row) => ({
        department: { departmentId: row.department!, name: departmentNameOf(row.department!) },
        track: row.track!,
        closed: row.closed,
        onTime: row.onTime,
        onTimeRate: row.onTimeRate,
        medianWorkingDays: row.medianWorkingDays,
        p90WorkingDays: row.p90WorkingDays,
      })),
    satisfaction: satisfaction
      .filter((row) => row.department !== 'all')
      .map((row) => ({
        department: { departmentId: row.department, name: row.departmentName },
        rated: row.rated,
        satisfied: row.satisfied,
        satisfactionRate: row.satisfactionRate,
      })),
  };
}
