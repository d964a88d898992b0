// The project register's reports for administrators, from counters kept at write time (shared/projects/counters):
// projects per month and stage (registered 入库, stages reached, advances, completed 投产/竣工) with the
// registration rate (入库率) against the plan's number of projects; and problem tickets (问题清单) per department and
// category (raised, solved 销号, solved on time, median working days to solve, reopened, escalated 督办) with the
// open and overdue ones read live from the open-tickets index. One Query per month on the month's counters.
import * as z from 'zod';
import type { ApplicationRepository } from '#shared/data/ports';
import type { ProjectRepository } from '#shared/data/project-ports';
import type { WorkingCalendar } from '#shared/calendar/index';
import type { WorkflowConfig } from '#shared/config';
import {
  parseProjectStageDimension,
  parseTicketsDimension,
  projectsAdvancedDimension,
  projectsDimensionPrefix,
  projectsRegisteredDimension,
  ticketsDimensionPrefix,
} from '#shared/projects/counters';
import { projectStages, ticketCategories, type ProjectStage } from '#shared/projects/model';
import { readTicketClock } from '#shared/projects/ticket-clock';
import { medianOf, rateOf } from './statistics.ts';

export interface ProjectReportDeps {
  repository: Pick<ApplicationRepository, 'listCounters'>;
  projects: Pick<ProjectRepository, 'listOpenTickets'>;
  calendar: WorkingCalendar;
  config: Pick<WorkflowConfig, 'departments' | 'thresholds'>;
  now: () => Date;
}

// ---------------------------------------------------------------------------------------------------------
// Projects

export const projectReportRowSchema = z.object({
  /** `YYYY-MM`, or `total` for the sum over the months. */
  month: z.string(),
  registered: z.number(),
  advanced: z.number(),
  reserve: z.number(),
  signed: z.number(),
  'land-secured': z.number(),
  'construction-started': z.number(),
  /** Reached 投产 / 竣工: completed. */
  'in-production': z.number(),
});
export type ProjectReportRow = z.infer<typeof projectReportRowSchema>;

export const projectReportSchema = z.object({
  asOf: z.string(),
  months: z.array(z.string()),
  rows: z.array(projectReportRowSchema),
  /** The plan's number of projects, as the administrator gave it. */
  plannedProjects: z.number().nullable(),
  /** 入库率: projects registered over the months ÷ plannedProjects. */
  registrationRate: z.number().nullable(),
});
export type ProjectReport = z.infer<typeof projectReportSchema>;

const emptyProjectRow = (month: string): ProjectReportRow => ({
  month,
  registered: 0,
  advanced: 0,
  ...(Object.fromEntries(projectStages.map((s) => [s, 0])) as Record<ProjectStage, number>),
});

export async function projectReport(
  deps: ProjectReportDeps,
  query: { months: readonly string[]; plannedProjects?: number | undefined },
): Promise<ProjectReport> {
  const monthly = await Promise.all(
    query.months.map((month) => deps.repository.listCounters(month, { prefix: projectsDimensionPrefix })),
  );
  const rows = query.months.map((month, i) => {
    const row = emptyProjectRow(month);
    for (const { dimension, counters } of monthly[i]!) {
      if (dimension === projectsRegisteredDimension) row.registered += counters.registered ?? 0;
      else if (dimension === projectsAdvancedDimension) row.advanced += counters.advanced ?? 0;
      else {
        const stage = parseProjectStageDimension(dimension);
        if (stage) row[stage] += counters.entered ?? 0;
      }
    }
    return row;
  });
  const total = emptyProjectRow('total');
  for (const row of rows) {
    for (const name of Object.keys(total) as (keyof ProjectReportRow)[]) {
      if (name !== 'month') total[name] += row[name];
    }
  }
  const planned = query.plannedProjects ?? null;
  return {
    asOf: deps.now().toISOString(),
    months: [...query.months],
    rows: [...rows, total],
    plannedProjects: planned,
    registrationRate: planned === null ? null : rateOf(total.registered, planned),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Tickets

export const ticketReportRowSchema = z.object({
  /** A department, or `total`. */
  department: z.string(),
  /** A category, or `total`. */
  category: z.string(),
  raised: z.number(),
  /** Struck off (销号): resolved by the department and confirmed by the enterprise side. */
  solved: z.number(),
  solvedOnTime: z.number(),
  /** solvedOnTime ÷ solved. */
  onTimeRate: z.number().nullable(),
  /** solved ÷ raised (the seeds' "535 raised, 479 solved, 90%"). */
  solvedRate: z.number().nullable(),
  medianWorkingDaysToSolve: z.number().nullable(),
  reopened: z.number(),
  escalated: z.number(),
  /** Live: tickets the department owes work on now (raised, accepted, reopened). */
  open: z.number(),
  /** Live: of those, past their time limit. */
  overdue: z.number(),
});
export type TicketReportRow = z.infer<typeof ticketReportRowSchema>;

export const ticketReportSchema = z.object({
  asOf: z.string(),
  months: z.array(z.string()),
  rows: z.array(ticketReportRowSchema),
});
export type TicketReport = z.infer<typeof ticketReportSchema>;

interface TicketAccumulator {
  row: TicketReportRow;
  days: Map<number, number>;
}

export async function ticketReport(
  deps: ProjectReportDeps,
  query: { months: readonly string[]; department?: string | undefined },
): Promise<TicketReport> {
  const now = deps.now();
  const prefix = query.department ? `${ticketsDimensionPrefix}${query.department}:` : ticketsDimensionPrefix;
  const monthly = await Promise.all(
    query.months.map((month) => deps.repository.listCounters(month, { prefix })),
  );
  const groups = new Map<string, TicketAccumulator>();
  const group = (department: string, category: string): TicketAccumulator => {
    const key = `${department}|${category}`;
    let found = groups.get(key);
    if (!found) {
      found = {
        row: {
          department,
          category,
          raised: 0,
          solved: 0,
          solvedOnTime: 0,
          onTimeRate: null,
          solvedRate: null,
          medianWorkingDaysToSolve: null,
          reopened: 0,
          escalated: 0,
          open: 0,
          overdue: 0,
        },
        days: new Map(),
      };
      groups.set(key, found);
    }
    return found;
  };
  const total = group('total', 'total');
  for (const { dimension, counters } of monthly.flat()) {
    const parsed = parseTicketsDimension(dimension);
    if (!parsed) continue;
    for (const into of [group(parsed.department, parsed.category), total]) {
      into.row.raised += counters.raised ?? 0;
      into.row.solved += counters.solved ?? 0;
      into.row.solvedOnTime += counters.solvedOnTime ?? 0;
      into.row.reopened += counters.reopened ?? 0;
      into.row.escalated += counters.escalated ?? 0;
      for (const [name, count] of Object.entries(counters)) {
        if (!name.startsWith('days-') || count === 0) continue;
        const days = Number(name.slice(5));
        into.days.set(days, (into.days.get(days) ?? 0) + count);
      }
    }
  }
  // Open and overdue, live: one index partition per department (no Scan).
  const departments = query.department ? [query.department] : deps.config.departments;
  for (const department of departments) {
    let cursor: string | undefined;
    do {
      const page = await deps.projects.listOpenTickets(department, {
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      for (const ticket of page.items) {
        const red = readTicketClock(ticket, now, deps.calendar, deps.config.thresholds).status === 'red';
        for (const into of [group(ticket.department, ticket.category), total]) {
          into.row.open += 1;
          if (red) into.row.overdue += 1;
        }
      }
      cursor = page.cursor;
    } while (cursor);
  }
  const categoryOrder = (c: string) => (ticketCategories as readonly string[]).indexOf(c);
  const rows = [...groups.values()]
    .map(({ row, days }) => ({
      ...row,
      onTimeRate: rateOf(row.solvedOnTime, row.solved),
      solvedRate: rateOf(row.solved, row.raised),
      medianWorkingDaysToSolve: medianOf(days),
    }))
    .sort((a, b) =>
      a.department === 'total'
        ? 1
        : b.department === 'total'
          ? -1
          : a.department.localeCompare(b.department) || categoryOrder(a.category) - categoryOrder(b.category),
    );
  return { asOf: now.toISOString(), months: [...query.months], rows };
}

export const projectReportColumns = Object.keys(projectReportRowSchema.shape).map((name) => ({
  header: name,
  value: (row: ProjectReportRow) => row[name as keyof ProjectReportRow],
}));
export const ticketReportColumns = Object.keys(ticketReportRowSchema.shape).map((name) => ({
  header: name,
  value: (row: TicketReportRow) => row[name as keyof TicketReportRow],
}));
