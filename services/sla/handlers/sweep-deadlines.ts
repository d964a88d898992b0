// Scheduled every 15 minutes: turns steps yellow and red (预警 / 督办), each transition recorded once.
import { z } from 'zod';
import { sweepDeadlines } from '#services/sla/core/sweep-deadlines';
import { taskHandler } from '#services/workflow/task-handler';

/** The scheduler's event carries nothing the sweep needs; whatever it sends is accepted. */
const scheduledEventSchema = z.unknown();

export const handler = taskHandler({
  name: 'sweep-deadlines',
  input: scheduledEventSchema,
  handle: (deps) => sweepDeadlines(deps),
});
