// Scheduled every 15 minutes (the embedded runtime: every minute): turns steps yellow and red, escalates (督办)
// and deems undecided intakes accepted (Art. 32); then warns and escalates (挂牌督办) problem tickets the same way;
// from 08:00 local time, once a day, records the administrators' digest of what turned red the day before.
// Each transition's audit event is committed with it and reaches the domain event bus through the table's stream
// (the transactional outbox): nothing is published from here.
import * as z from 'zod';
import { CalendarSource } from '#shared/calendar/source';
import type { RuntimeSource } from '#shared/runtime/index';
import { sweepDeadlines } from '#services/sla/core/sweep-deadlines';
import { sweepTickets } from '#services/sla/core/sweep-tickets';
import { recordDailyDigest } from '#services/sla/core/daily-digest';
import { taskHandler } from '#shared/handlers/task-handler';

/** The scheduler's event carries nothing the sweep needs; whatever it sends is accepted. */
const scheduledEventSchema = z.unknown();

export function createHandler(runtime?: RuntimeSource) {
  return taskHandler(
    {
      name: 'sweep-deadlines',
      input: scheduledEventSchema,
      handle: async ({ calendars, ...deps }) => {
        const steps = await sweepDeadlines({
          ...deps,
          // The source the runtime reads its calendar from, so the sweep can reload it and finish a pass.
          ...(calendars instanceof CalendarSource ? { calendars } : {}),
        });
        // Problem tickets (问题清单) on the same clock, after the steps.
        const tickets = await sweepTickets(deps);
        // 每日红灯摘要: from 08:00, once a day, after the steps (so a step that turned red now is in tomorrow's).
        const digest = await recordDailyDigest(deps);
        return { ...steps, tickets, ...(digest ? { digest } : {}) };
      },
    },
    runtime,
  );
}

export const handler = createHandler();
