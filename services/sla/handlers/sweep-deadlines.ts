// Scheduled every 15 minutes (the embedded runtime: every minute): turns steps yellow and red, escalates (督办),
// deems undecided intakes accepted (Art. 32) and publishes each transition once on the SLA event bus.
import { z } from 'zod';
import { tableCalendarSource } from '#services/admin/calendar-source';
import { slaPublisherFromEnv } from '#services/sla/adapters/sla-event-publishers';
import type { SlaEventPublisher } from '#services/sla/core/ports';
import { sweepDeadlines } from '#services/sla/core/sweep-deadlines';
import { taskHandler } from '#services/workflow/task-handler';

/** The scheduler's event carries nothing the sweep needs; whatever it sends is accepted. */
const scheduledEventSchema = z.unknown();

let events: SlaEventPublisher | undefined;

export const handler = taskHandler({
  name: 'sweep-deadlines',
  input: scheduledEventSchema,
  handle: (deps) => {
    const env = process.env;
    events ??= slaPublisherFromEnv(env, deps.logger);
    return sweepDeadlines({
      ...deps,
      events,
      // The same source the dependencies read their calendar from (one per table and process).
      calendars: tableCalendarSource({
        tableName: env.TABLE_NAME ?? '',
        ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}),
        ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}),
        logger: deps.logger,
      }),
    });
  },
});
