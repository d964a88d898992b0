// A problem ticket's time limit (办结时限) on the one SLA clock (shared/sla): a budget of working days from the day
// after it was raised, closed when the department marks it solved. No pause: a fix the enterprise rejects was no
// fix, so the days spent waiting for its confirmation count against the department once the ticket is reopened.
import {
  readStepClock,
  type ClockCalendar,
  type ClockReading,
  type ClockThresholds,
} from '#shared/sla/index';
import type { SlaStatus } from '#shared/model';
import type { Ticket } from './model.ts';

export function readTicketClock(
  ticket: Pick<Ticket, 'timeLimitDays' | 'raisedAt' | 'resolvedAt' | 'status'>,
  now: Date,
  calendar: ClockCalendar,
  thresholds?: Partial<ClockThresholds>,
): ClockReading {
  const stopped = ticket.status === 'resolved' || ticket.status === 'closed';
  return readStepClock(
    {
      budgetDays: ticket.timeLimitDays,
      startedAt: new Date(ticket.raisedAt),
      pauses: [],
      ...(stopped && ticket.resolvedAt ? { closedAt: new Date(ticket.resolvedAt) } : {}),
      now,
      ...(thresholds ? { thresholds } : {}),
    },
    calendar,
  );
}

/** The sweeper's colours from the clock's statuses. */
export function ticketColour(reading: ClockReading): SlaStatus {
  switch (reading.status) {
    case 'yellow':
      return 'yellow';
    case 'red':
    case 'missed':
      return 'red';
    default:
      return 'green';
  }
}
