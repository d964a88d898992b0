// 满意率: ratings (好差评) per department and month from the counters the rating's transaction writes
// (services/application/core/satisfaction-counters.ts): rated, satisfied (4–5), poor (1–2, 差评), the satisfaction
// rate = satisfied ÷ rated. One Query per month on the month's counter partition, whatever the number of ratings.
import * as z from 'zod';
import type { ApplicationRepository } from '#shared/data/ports';
import { departmentNameOf } from '#shared/model';
import {
  allRatingsDimension,
  parseDepartmentRatingsDimension,
  ratingsDimensionPrefix,
} from '#services/application/core/satisfaction-counters';
import { rateOf } from './statistics.ts';

export const satisfactionRowSchema = z.object({
  /** `YYYY-MM`, or `total` over the months. */
  month: z.string(),
  /** A department, or `all` (each rating once, whatever the departments it names). */
  department: z.string(),
  departmentName: z.string(),
  rated: z.number().int(),
  /** Levels 4–5 (满意, 非常满意). */
  satisfied: z.number().int(),
  /** Levels 1–2 (差评): each opened a follow-up. */
  poor: z.number().int(),
  /** 满意率 = satisfied ÷ rated, four decimals; null with no rating. */
  satisfactionRate: z.number().nullable(),
});
export type SatisfactionRow = z.infer<typeof satisfactionRowSchema>;

export const satisfactionReportSchema = z.object({
  asOf: z.string(),
  months: z.array(z.string()),
  rows: z.array(satisfactionRowSchema),
});
export type SatisfactionReport = z.infer<typeof satisfactionReportSchema>;

export const satisfactionReportColumns = Object.keys(satisfactionRowSchema.shape).map((name) => ({
  header: name,
  value: (row: SatisfactionRow) => row[name as keyof SatisfactionRow],
}));

const allDepartments = 'all';

/** The rows of one month: one per department rated, then `all`; departments in id order. */
export async function satisfactionOfMonth(
  deps: { repository: Pick<ApplicationRepository, 'listCounters'> },
  month: string,
): Promise<SatisfactionRow[]> {
  const counters = await deps.repository.listCounters(month, { prefix: ratingsDimensionPrefix });
  const rows: SatisfactionRow[] = [];
  for (const { dimension, counters: figures } of counters) {
    const department =
      dimension === allRatingsDimension ? allDepartments : parseDepartmentRatingsDimension(dimension);
    if (department === undefined || !figures.rated) continue;
    rows.push(rowOf(month, department, figures.rated, figures.satisfied ?? 0, figures.poor ?? 0));
  }
  return rows.sort(
    (a, b) =>
      Number(a.department === allDepartments) - Number(b.department === allDepartments) ||
      a.department.localeCompare(b.department),
  );
}

export async function satisfactionReport(
  deps: { repository: Pick<ApplicationRepository, 'listCounters'>; now: () => Date },
  query: { months: readonly string[]; department?: string | undefined },
): Promise<SatisfactionReport> {
  const monthly = (await Promise.all(query.months.map((month) => satisfactionOfMonth(deps, month)))).flat();
  const rows = monthly.filter((row) => query.department === undefined || row.department === query.department);
  // `total`: per department over the months (the months' rows added up, rates recomputed).
  const totals = new Map<string, SatisfactionRow>();
  for (const row of rows) {
    const total = totals.get(row.department);
    totals.set(
      row.department,
      rowOf(
        'total',
        row.department,
        (total?.rated ?? 0) + row.rated,
        (total?.satisfied ?? 0) + row.satisfied,
        (total?.poor ?? 0) + row.poor,
      ),
    );
  }
  return {
    asOf: deps.now().toISOString(),
    months: [...query.months],
    rows: query.months.length > 1 ? [...rows, ...totals.values()] : rows,
  };
}

function rowOf(
  month: string,
  department: string,
  rated: number,
  satisfied: number,
  poor: number,
): SatisfactionRow {
  return {
    month,
    department,
    departmentName: department === allDepartments ? '全部' : departmentNameOf(department),
    rated,
    satisfied,
    poor,
    satisfactionRate: rateOf(satisfied, rated),
  };
}
