// Problem tickets (问题清单): raised on a project by the enterprise, its secretary or a department, with a
// category, a responsible department and a time limit in working days; the department accepts and solves it;
// it is struck off (销号) only when the enterprise side confirms the fix, and reopened when it does not. Each
// move is one conditional transaction on the ticket's version with its timeline entry and counters, so a double
// click or two people at once cannot move a ticket twice.
import * as z from 'zod';
import {
  assertCanSeeProject,
  projectNotFound,
  raisingActor,
  ticketActor,
  ticketNotFound,
  type TicketSide,
} from '#shared/access/projects';
import type { Principal } from '#shared/auth/principal';
import { Conflict, ValidationError } from '#shared/errors';
import { departmentIdSchema, text } from '#shared/model';
import {
  monthIn,
  ticketRaisedCounters,
  ticketReopenedCounters,
  ticketSolvedCounters,
} from '#shared/projects/counters';
import { projectEvent } from '#shared/projects/events';
import { ticketSchema, type Ticket, type TicketStatus } from '#shared/projects/model';
import { readTicketClock } from '#shared/projects/ticket-clock';
import type { ClockStatus } from '#shared/sla/index';
import type { ProjectDeps } from './ports.ts';

export const raiseTicketBodySchema = ticketSchema
  .pick({ title: true, description: true, category: true, timeLimitDays: true })
  .extend({ department: departmentIdSchema.describe('The department made responsible (责任单位)') })
  .strict();
export type RaiseTicketBody = z.infer<typeof raiseTicketBodySchema>;

export const ticketActions = ['accept', 'resolve', 'confirm', 'reopen'] as const;
export const ticketActionBodySchema = z.strictObject({
  action: z
    .enum(ticketActions)
    .describe(
      'accept / resolve: the responsible department; confirm (销号) / reopen (the fix did not solve it): the ' +
        'enterprise or its secretary',
    ),
  note: text(1000).optional(),
});
export type TicketActionBody = z.infer<typeof ticketActionBodySchema>;

/** A ticket with its live clock (recomputed with the calendar in force). */
export interface TicketView extends Ticket {
  clock: {
    budgetDays: number;
    usedDays: number;
    remainingDays: number;
    dueAt: string;
    status: ClockStatus;
    calendarVersion: string;
  };
}

export function ticketView(
  ticket: Ticket,
  now: Date,
  deps: Pick<ProjectDeps, 'calendar' | 'config'>,
): TicketView {
  const reading = readTicketClock(ticket, now, deps.calendar, deps.config.thresholds);
  return {
    ...ticket,
    clock: {
      budgetDays: reading.budgetDays,
      usedDays: reading.usedDays,
      remainingDays: reading.remainingDays,
      dueAt: reading.dueAt.toISOString(),
      status: reading.status,
      calendarVersion: reading.calendarVersion,
    },
  };
}

export async function raiseTicket(
  deps: ProjectDeps,
  request: { principal: Principal; projectId: string; body: RaiseTicketBody },
): Promise<TicketView> {
  const { principal, body } = request;
  if (!deps.config.departments.includes(body.department)) {
    throw new ValidationError('the request is invalid', [
      {
        path: 'department',
        message: `not a department of this region: ${deps.config.departments.join(', ')}`,
      },
    ]);
  }
  const project = await deps.projects.findProject(request.projectId);
  if (!project) throw projectNotFound(request.projectId);
  const acting = raisingActor(principal, project);
  const now = deps.now();
  const at = now.toISOString();
  const draft = {
    timeLimitDays: body.timeLimitDays,
    raisedAt: at,
    status: 'raised' as const,
  };
  const reading = readTicketClock(draft, now, deps.calendar, deps.config.thresholds);
  const ticket: Ticket = {
    projectId: project.projectId,
    ticketId: `tkt-${deps.newId()}`,
    enterpriseId: project.enterpriseId,
    title: body.title,
    description: body.description,
    category: body.category,
    department: body.department,
    timeLimitDays: body.timeLimitDays,
    status: 'raised',
    raisedBy: acting.actor,
    raisedAt: at,
    reopenCount: 0,
    dueAt: reading.dueAt.toISOString(),
    calendarVersion: reading.calendarVersion,
    version: 1,
  };
  const newDepartment = !project.ticketDepartments.includes(ticket.department);
  await deps.projects.commitProject({
    create: [ticket],
    // The department may read the project from now on: its name joins the project, version-checked.
    ...(newDepartment
      ? {
          departmentMarkers: [
            { projectId: project.projectId, department: ticket.department, createdAt: project.createdAt },
          ],
          update: [
            {
              ...project,
              ticketDepartments: [...project.ticketDepartments, ticket.department],
              updatedAt: at,
            },
          ],
        }
      : {}),
    events: [
      projectEvent({
        projectId: project.projectId,
        eventId: `${ticket.ticketId}-raised`,
        type: 'ticket-raised',
        at,
        actor: acting.actor,
        onBehalfOf: acting.onBehalfOf,
        ticketId: ticket.ticketId,
        toStatus: 'raised',
        detail: {
          title: ticket.title,
          category: ticket.category,
          department: ticket.department,
          timeLimitDays: ticket.timeLimitDays,
          dueAt: ticket.dueAt,
        },
      }),
    ],
    counters: ticketRaisedCounters(monthIn(deps.calendar, now), ticket),
  });
  return ticketView(ticket, now, deps);
}

/** Which side may take each action, and from which statuses. */
const rules: Record<
  TicketActionBody['action'],
  { side: TicketSide; from: readonly TicketStatus[]; to: TicketStatus }
> = {
  accept: { side: 'department', from: ['raised'], to: 'accepted' },
  resolve: { side: 'department', from: ['raised', 'accepted', 'reopened'], to: 'resolved' },
  confirm: { side: 'enterprise', from: ['resolved'], to: 'closed' },
  reopen: { side: 'enterprise', from: ['resolved'], to: 'reopened' },
};

const eventTypes = {
  accept: 'ticket-accepted',
  resolve: 'ticket-resolved',
  confirm: 'ticket-confirmed',
  reopen: 'ticket-reopened',
} as const;

/**
 * Moves a ticket one step.
 * @throws NotFound (unknown or invisible), Forbidden (the other side's action), Conflict `TICKET_STATUS` (not
 *   allowed from the ticket's status, e.g. a second confirmation), Conflict `STALE_VERSION` (raced)
 */
export async function actOnTicket(
  deps: ProjectDeps,
  request: { principal: Principal; projectId: string; ticketId: string; body: TicketActionBody },
): Promise<TicketView> {
  const { principal, body } = request;
  const [project, ticket] = await Promise.all([
    deps.projects.findProject(request.projectId),
    deps.projects.findTicket(request.projectId, request.ticketId),
  ]);
  if (!project) throw projectNotFound(request.projectId);
  if (!ticket) {
    // The same answer as for an invisible project first, so a ticket id cannot probe a project.
    assertCanSeeProject(principal, project);
    throw ticketNotFound(request.ticketId);
  }
  const rule = rules[body.action];
  const acting = ticketActor(principal, project, ticket, rule.side);
  if (!rule.from.includes(ticket.status)) {
    throw new Conflict(`A ${ticket.status} ticket cannot be ${body.action}ed`, 'TICKET_STATUS');
  }
  const now = deps.now();
  const at = now.toISOString();
  const month = monthIn(deps.calendar, now);
  let next: Ticket = { ...ticket, status: rule.to };
  const detail: Record<string, string | number | boolean | undefined> = { note: body.note };
  let counters;
  switch (body.action) {
    case 'accept':
      next = { ...next, acceptedAt: at };
      break;
    case 'resolve': {
      next = { ...next, resolvedAt: at, ...(ticket.acceptedAt ? {} : { acceptedAt: at }) };
      const reading = readTicketClock(next, now, deps.calendar, deps.config.thresholds);
      detail.usedDays = reading.usedDays;
      detail.onTime = reading.usedDays <= ticket.timeLimitDays;
      break;
    }
    case 'confirm': {
      next = { ...next, closedAt: at };
      const reading = readTicketClock(next, now, deps.calendar, deps.config.thresholds);
      const onTime = reading.usedDays <= ticket.timeLimitDays;
      detail.usedDays = reading.usedDays;
      detail.onTime = onTime;
      counters = ticketSolvedCounters(month, ticket, { usedDays: reading.usedDays, onTime });
      break;
    }
    case 'reopen': {
      const { resolvedAt: _cleared, ...rest } = next;
      next = { ...rest, reopenCount: ticket.reopenCount + 1 };
      // The clock runs again from where it stopped, so the due instant may already lie in the past.
      const reading = readTicketClock(next, now, deps.calendar, deps.config.thresholds);
      next = { ...next, dueAt: reading.dueAt.toISOString(), calendarVersion: reading.calendarVersion };
      counters = ticketReopenedCounters(month, ticket);
      break;
    }
  }
  await deps.projects.commitProject({
    update: [next],
    events: [
      projectEvent({
        projectId: project.projectId,
        eventId: `${ticket.ticketId}-${body.action}-${ticket.version}`,
        type: eventTypes[body.action],
        at,
        actor: acting.actor,
        onBehalfOf: acting.onBehalfOf,
        ticketId: ticket.ticketId,
        fromStatus: ticket.status,
        toStatus: rule.to,
        detail: { ...detail, department: ticket.department, category: ticket.category },
      }),
    ],
    ...(counters ? { counters } : {}),
  });
  return ticketView({ ...next, version: ticket.version + 1 }, now, deps);
}
