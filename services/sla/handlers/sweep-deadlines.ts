// Scheduled every 15 minutes (the embedded runtime: every minute): turns steps yellow and red, escalates (督办),
// deems undecided intakes accepted (Art. 32) and publishes each transition once on the SLA event bus; then warns
// and escalates (挂牌督办) problem tickets the same way.
import { z } from 'zod';
import { CalendarSource } from '#shared/calendar/source';
import type { RuntimeSource } from '#shared/runtime/index';
import { slaPublisherFromEnv } from '#services/sla/adapters/sla-event-publishers';
import type { SlaEventPublisher } from '#services/sla/core/ports';
import { sweepDeadlines } from '#services/sla/core/sweep-deadlines';
import { sweepTickets } from '#services/sla/core/sweep-tickets';
import { taskHandler } from '#shared/handlers/task-handler';

/** The scheduler's event carries nothing the sweep needs; whatever it sends is accepted. */
const scheduledEventSchema = z.unknown();

/** @param events where transitions are published. @default the bus named by SLA_EVENT_BUS_NAME, or the log */
export function createHandler(runtime?: RuntimeSource, events?: SlaEventPublisher) {
  let publisher = events;
  return taskHandler(
    {
      name: 'sweep-deadlines',
      input: scheduledEventSchema,
      handle: async ({ calendars, ...deps }) => {
        publisher ??= slaPublisherFromEnv(process.env, deps.logger);
        const steps = await sweepDeadlines({
          ...deps,
          events: publisher,
          // The source the runtime reads its calendar from, so the sweep can reload it and finish a pass.
          ...(calendars instanceof CalendarSource ? { calendars } : {}),
        });
        // Problem tickets (问题清单) on the same clock, after the steps.
        const tickets = await sweepTickets(deps);
        return { ...steps, tickets };
      },
    },
    runtime,
  );
}

export const handler = createHandler();
