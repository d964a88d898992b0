// Must-show of issue 13 (B): the project and ticket reports, read from counters kept at write time, give exactly
// the figures a from-scratch recomputation over the projects' timelines gives. Generated projects and tickets go
// through the real core paths (register, progress, raise, accept / resolve / confirm / reopen, the SLA sweep) on
// an injected clock, day by day over half a year, on DynamoDB Local. The reference shares nothing with the
// counters: months from the events' instants, working days with the calendar's own count, medians by sorting.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Principal } from '#shared/auth/principal';
import { loadOfficialCalendar } from '#shared/calendar/index';
import type { ProjectEvent, ProjectStage, Ticket } from '#shared/projects/model';
import { projectStages } from '#shared/projects/model';
import { registerProject, reportProgress } from '#services/projects/core/projects';
import { actOnTicket, raiseTicket } from '#services/projects/core/tickets';
import { projectReport, ticketReport, type TicketReportRow } from '#services/reports/core/project-report';
import { monthsBetween } from '#services/reports/core/months';
import { sweepTickets } from '#services/sla/core/sweep-tickets';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { testDeps, type TestDeps } from '#test/support/fixtures';
import { at } from '#test/support/sla-clock';

const calendar = loadOfficialCalendar();
const months = monthsBetween('2025-01', '2025-07');
const departments = ['natural-resources', 'housing-construction', 'real-estate-registration'] as const;
const categories = ['land', 'planning', 'permits', 'utilities', 'financing', 'other'] as const;
const clerk: Principal = { userId: 'clerk-1', roles: ['window-clerk'] };
const enterprise = (n: number): Principal => ({
  userId: `u-${n}`,
  roles: ['enterprise'],
  enterpriseId: `ent-${n}`,
});
const officer = (department: string): Principal => ({
  userId: `o-${department}`,
  roles: ['department-officer'],
  department,
});

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let table: TestTable;
let deps: TestDeps;
const until = at('2025-07-15T18:00:00');
const projectIds: string[] = [];

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  deps = testDeps({
    tableName: table.tableName,
    documentClient: table.client,
    calendar,
    newId: () => crypto.randomUUID(),
  });
  const rnd = random(13);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const owners = new Map<string, Principal>();
  const stages = new Map<string, ProjectStage>();
  const tickets: Ticket[] = [];
  for (let day = at('2025-01-02T00:00:00').getTime(); day < until.getTime(); day += 86_400_000) {
    const hour = (h: number) => deps.setNow(new Date(day + h * 3600_000));
    hour(9);
    await sweepTickets(deps, { departments });
    if (!calendar.isWorkingDay(calendar.localDate(new Date(day + 9 * 3600_000)))) continue;
    hour(10);
    if (rnd() < 0.3) {
      const n = projectIds.length;
      const stage = rnd() < 0.8 ? 'reserve' : pick(projectStages.slice(0, 3));
      const project = await registerProject(deps, {
        principal: rnd() < 0.6 ? clerk : enterprise(n),
        body: {
          enterpriseId: `ent-${n}`,
          name: `项目${n}`,
          industry: 'auto-parts',
          location: '经开区',
          plannedInvestmentYuan: n,
          stage,
        },
      });
      projectIds.push(project.projectId);
      owners.set(project.projectId, enterprise(n));
      stages.set(project.projectId, stage);
    }
    hour(11);
    for (const projectId of projectIds) {
      const stage = stages.get(projectId)!;
      const index = projectStages.indexOf(stage);
      if (index < projectStages.length - 1 && rnd() < 0.04) {
        const to = projectStages[Math.min(projectStages.length - 1, index + (rnd() < 0.8 ? 1 : 2))]!;
        await reportProgress(deps, { principal: owners.get(projectId)!, projectId, body: { toStage: to } });
        stages.set(projectId, to);
      }
      if (rnd() < 0.04) {
        const raised = await raiseTicket(deps, {
          principal: owners.get(projectId)!,
          projectId,
          body: {
            title: '问题',
            description: '问题',
            category: pick(categories),
            department: pick(departments),
            timeLimitDays: 1 + Math.floor(rnd() * 8),
          },
        });
        tickets.push(raised);
      }
    }
    hour(15);
    for (const [i, ticket] of tickets.entries()) {
      const act = async (action: 'accept' | 'resolve' | 'confirm' | 'reopen') => {
        const principal =
          action === 'accept' || action === 'resolve'
            ? officer(ticket.department)
            : owners.get(ticket.projectId)!;
        tickets[i] = await actOnTicket(deps, {
          principal,
          projectId: ticket.projectId,
          ticketId: ticket.ticketId,
          body: { action },
        });
      };
      const r = rnd();
      if (ticket.status === 'raised' && r < 0.4) await act('accept');
      else if ((ticket.status === 'accepted' || ticket.status === 'reopened') && r < 0.25)
        await act('resolve');
      else if (ticket.status === 'resolved' && r < 0.5) await act(rnd() < 0.75 ? 'confirm' : 'reopen');
    }
  }
  deps.setNow(until);
}, 600_000);
afterAll(() => table?.drop());

interface Reference {
  projects: Map<string, { registered: number; advanced: number; entered: Record<ProjectStage, number> }>;
  tickets: Map<
    string,
    {
      raised: number;
      solved: number;
      onTime: number;
      days: number[];
      reopened: number;
      escalated: number;
      open: number;
      overdue: number;
    }
  >;
}

async function recompute(): Promise<Reference> {
  const ref: Reference = { projects: new Map(), tickets: new Map() };
  const monthOf = (e: ProjectEvent) => calendar.localDate(new Date(e.at)).slice(0, 7);
  const projectMonth = (m: string) => {
    let row = ref.projects.get(m);
    if (!row) {
      row = {
        registered: 0,
        advanced: 0,
        entered: Object.fromEntries(projectStages.map((s) => [s, 0])) as Record<ProjectStage, number>,
      };
      ref.projects.set(m, row);
    }
    return row;
  };
  const ticketGroup = (key: string) => {
    let row = ref.tickets.get(key);
    if (!row) {
      row = { raised: 0, solved: 0, onTime: 0, days: [], reopened: 0, escalated: 0, open: 0, overdue: 0 };
      ref.tickets.set(key, row);
    }
    return row;
  };
  for (const projectId of projectIds) {
    const { events } = await deps.projects.getProjectDetail(projectId);
    events.sort((a, b) => a.at.localeCompare(b.at));
    const raised = new Map<
      string,
      { at: Date; limit: number; key: string; resolvedAt?: Date; open: boolean }
    >();
    for (const e of events) {
      const m = monthOf(e);
      if (e.type === 'project-registered') {
        projectMonth(m).registered += 1;
        projectMonth(m).entered[e.toStage!] += 1;
      } else if (e.type === 'project-stage-advanced') {
        projectMonth(m).advanced += 1;
        for (let i = projectStages.indexOf(e.fromStage!) + 1; i <= projectStages.indexOf(e.toStage!); i++) {
          projectMonth(m).entered[projectStages[i]!] += 1;
        }
      } else if (e.ticketId) {
        const key = `${String(e.detail.department)}|${String(e.detail.category)}`;
        if (e.type === 'ticket-raised') {
          raised.set(e.ticketId, {
            at: new Date(e.at),
            limit: Number(e.detail.timeLimitDays),
            key,
            open: true,
          });
        }
        const t = raised.get(e.ticketId)!;
        const inMonth = months.includes(m);
        if (e.type === 'ticket-raised' && inMonth) ticketGroup(`${m}|${key}`).raised += 1;
        if (e.type === 'ticket-resolved') {
          t.resolvedAt = new Date(e.at);
          t.open = false;
        }
        if (e.type === 'ticket-reopened') {
          delete t.resolvedAt;
          t.open = true;
          ticketGroup(`${m}|${key}`).reopened += 1;
        }
        if (e.type === 'ticket-escalated') ticketGroup(`${m}|${key}`).escalated += 1;
        if (e.type === 'ticket-confirmed') {
          const used = calendar.workingDaysBetween(t.at, t.resolvedAt!);
          const row = ticketGroup(`${m}|${key}`);
          row.solved += 1;
          if (used <= t.limit) row.onTime += 1;
          row.days.push(used);
        }
      }
    }
    for (const t of raised.values()) {
      if (!t.open) continue;
      const row = ticketGroup(`live|${t.key}`);
      row.open += 1;
      if (calendar.workingDaysBetween(t.at, until) > t.limit) row.overdue += 1;
    }
  }
  return ref;
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const rate = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

describe('project and ticket reports against a recomputation over the events', () => {
  it('generated enough to mean something', async () => {
    expect(projectIds.length).toBeGreaterThan(30);
    const report = await ticketReport(deps, { months });
    const total = report.rows.at(-1)!;
    console.info(`generated: ${projectIds.length} projects; tickets ${JSON.stringify(total)}`);
    expect(total.raised).toBeGreaterThan(40);
    expect(total.solved).toBeGreaterThan(10);
    expect(total.reopened).toBeGreaterThan(0);
    expect(total.escalated).toBeGreaterThan(5);
    expect(total.solved - total.solvedOnTime).toBeGreaterThan(0);
  });

  it('gives identical project figures per month and stage', async () => {
    const ref = await recompute();
    const report = await projectReport(deps, { months });
    for (const row of report.rows.filter((r) => r.month !== 'total')) {
      const expected = ref.projects.get(row.month);
      expect(row, row.month).toEqual({
        month: row.month,
        registered: expected?.registered ?? 0,
        advanced: expected?.advanced ?? 0,
        ...Object.fromEntries(projectStages.map((s) => [s, expected?.entered[s] ?? 0])),
      });
    }
    expect(report.rows.at(-1)!.registered).toBe(projectIds.length);
  });

  it('gives identical ticket figures per department and category, live open and overdue included', async () => {
    const ref = await recompute();
    const report = await ticketReport(deps, { months });
    const expected = new Map<string, TicketReportRow>();
    const add = (
      department: string,
      category: string,
      r: ReturnType<Reference['tickets']['get']> & object,
    ) => {
      for (const key of [`${department}|${category}`, 'total|total']) {
        const [d, c] = key.split('|') as [string, string];
        const row = expected.get(key) ?? {
          department: d,
          category: c,
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
          days: [] as number[],
        };
        row.raised += r.raised;
        row.solved += r.solved;
        row.solvedOnTime += r.onTime;
        row.reopened += r.reopened;
        row.escalated += r.escalated;
        row.open += r.open;
        row.overdue += r.overdue;
        (row as unknown as { days: number[] }).days.push(...r.days);
        expected.set(key, row);
      }
    };
    for (const [key, r] of ref.tickets) {
      const [, department, category] = key.split('|') as [string, string, string];
      add(department, category, r);
    }
    const rows = [...expected.values()].map((row) => {
      const { days, ...rest } = row as TicketReportRow & { days: number[] };
      return {
        ...rest,
        onTimeRate: rate(rest.solvedOnTime, rest.solved),
        solvedRate: rate(rest.solved, rest.raised),
        medianWorkingDaysToSolve: median(days),
      };
    });
    const byKey = (r: TicketReportRow) => `${r.department}|${r.category}`;
    expect(Object.fromEntries(report.rows.map((r) => [byKey(r), r]))).toEqual(
      Object.fromEntries(rows.map((r) => [byKey(r), r])),
    );
  });
});
