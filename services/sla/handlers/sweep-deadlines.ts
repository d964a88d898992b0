// Scheduled every 15 minutes (the embedded runtime: every minute): turns steps yellow and red, escalates (督办),
// deems undecided intakes accepted (Art. 32) and publishes each transition once on the SLA event bus.
import { z } from 'zod';
import { CalendarSource } from '#shared/calendar/source';
import type { RuntimeSource } from '#shared/runtime/index';
import { slaPublisherFromEnv } from '#services/sla/adapters/sla-event-publishers';
import type { SlaEventPublisher } from '#services/sla/core/ports';
import { sweepDeadlines } from '#services/sla/core/sweep-deadlines';
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
      handle: ({ calendars, ...deps }) => {
        publisher ??= slaPublisherFromEnv(process.env, deps.logger);
        return sweepDeadlines({
          ...deps,
          events: publisher,
          // The source the runtime reads its calendar from, so the sweep can reload it and finish a pass.
          ...(calendars instanceof CalendarSource ? { calendars } : {}),
        });
      },
    },
    runtime,
  );
}

export const handler = createHandler();
