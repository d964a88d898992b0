// The SLA sweep of problem tickets (问题清单), beside the steps' (./sweep-deadlines.ts) and on the same clock
// (shared/sla, through shared/projects/ticket-clock): per department, the tickets it owes work on are read
// through the open-tickets index (no Scan) and their clocks recomputed with the current calendar. Each move is
// recorded once, conditioned on the ticket's version, on the project's timeline: green → yellow (预警,
// 'ticket-warned'), → red, escalated (挂牌督办, 'ticket-escalated', `escalatedAt`, counted for the reports). A
// second sweep, two at once, or a department acting meanwhile cannot record a move twice.
import { Conflict } from '#shared/errors';
import type { WorkingCalendar } from '#shared/calendar/index';
import type { WorkflowConfig } from '#shared/config';
import type { ProjectRepository } from '#shared/data/project-ports';
import type { SlaStatus } from '#shared/model';
import { monthIn, ticketEscalatedCounters } from '#shared/projects/counters';
import { projectEvent } from '#shared/projects/events';
import type { Ticket } from '#shared/projects/model';
import { readTicketClock, ticketColour } from '#shared/projects/ticket-clock';
import { sweeperActor } from './sweep-deadlines.ts';

export interface TicketSweepDeps {
  projects: Pick<ProjectRepository, 'listOpenTickets' | 'commitProject'>;
  calendar: WorkingCalendar;
  config: Pick<WorkflowConfig, 'departments' | 'thresholds'>;
  now: () => Date;
}

export interface TicketSweepResult {
  examined: number;
  /** `<projectId>/<ticketId>` of each move recorded by this sweep. */
  warned: string[];
  escalated: string[];
  /** Changed under the sweep: left for the next one. */
  skipped: string[];
}

const severity: Record<SlaStatus, number> = { green: 0, yellow: 1, red: 2 };

export async function sweepTickets(
  deps: TicketSweepDeps,
  options: { departments?: readonly string[] } = {},
): Promise<TicketSweepResult> {
  const now = deps.now();
  const result: TicketSweepResult = { examined: 0, warned: [], escalated: [], skipped: [] };
  for (const department of options.departments ?? deps.config.departments) {
    let cursor: string | undefined;
    do {
      const page = await deps.projects.listOpenTickets(department, {
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      for (const ticket of page.items) {
        result.examined += 1;
        await sweepTicket(deps, ticket, now, result);
      }
      cursor = page.cursor;
    } while (cursor);
  }
  return result;
}

async function sweepTicket(deps: TicketSweepDeps, ticket: Ticket, now: Date, result: TicketSweepResult) {
  const reading = readTicketClock(ticket, now, deps.calendar, deps.config.thresholds);
  const colour = ticketColour(reading);
  const stored = ticket.slaStatus ?? 'green';
  const warn = colour === 'yellow' && severity[stored] < severity.yellow;
  const escalate = colour === 'red' && ticket.escalatedAt === undefined;
  if (!warn && !escalate && !(colour === 'red' && stored !== 'red')) return;

  const at = now.toISOString();
  const next: Ticket = {
    ...ticket,
    slaStatus: severity[colour] > severity[stored] ? colour : stored,
    dueAt: reading.dueAt.toISOString(),
    calendarVersion: reading.calendarVersion,
    ...(warn ? { warnedAt: at } : {}),
    ...(escalate ? { escalatedAt: at } : {}),
  };
  const id = `${ticket.projectId}/${ticket.ticketId}`;
  try {
    await deps.projects.commitProject({
      update: [next],
      events: [
        projectEvent({
          projectId: ticket.projectId,
          eventId: `${ticket.ticketId}-${escalate ? 'escalated' : colour === 'red' ? 'overdue' : 'warned'}`,
          type: escalate ? 'ticket-escalated' : 'ticket-warned',
          at,
          actor: sweeperActor,
          ticketId: ticket.ticketId,
          detail: {
            department: ticket.department,
            category: ticket.category,
            slaStatus: next.slaStatus,
            dueAt: reading.dueAt.toISOString(),
            usedDays: reading.usedDays,
            remainingDays: reading.remainingDays,
            budgetDays: reading.budgetDays,
          },
        }),
      ],
      ...(escalate ? { counters: ticketEscalatedCounters(monthIn(deps.calendar, now), ticket) } : {}),
    });
  } catch (error) {
    if (!(error instanceof Conflict)) throw error;
    result.skipped.push(id);
    return;
  }
  if (warn) result.warned.push(id);
  if (escalate) result.escalated.push(id);
}
