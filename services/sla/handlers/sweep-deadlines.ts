// Scheduled every 15 minutes (the embedded runtime: every minute): turns steps yellow and red, escalates (督办)
// and deems undecided intakes accepted (Art. 32). Each transition's audit event is committed with it and reaches
// the domain event bus through the table's stream (the transactional outbox): nothing is published from here.
import { z } from 'zod';
import { tableCalendarSource } from '#services/admin/calendar-source';
import { sweepDeadlines } from '#services/sla/core/sweep-deadlines';
import { taskHandler } from '#services/workflow/task-handler';

/** The scheduler's event carries nothing the sweep needs; whatever it sends is accepted. */
const scheduledEventSchema = z.unknown();

export const handler = taskHandler({
  name: 'sweep-deadlines',
  input: scheduledEventSchema,
  handle: (deps) => {
    const env = process.env;
    return sweepDeadlines({
      ...deps,
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
