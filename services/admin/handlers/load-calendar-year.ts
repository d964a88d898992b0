// PUT /admin/calendar/years/{year}: an administrator loads a year's official schedule (国务院办公厅关于…年部分节假日
// 安排的通知) as data, effective for deadlines computed afterwards; open deadlines are recomputed and the change
// is audited.
import { z } from 'zod';
import { lazyDeps, type DepsSource } from '#services/api/deps';
import { yearScheduleSchema } from '#shared/calendar/index';
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { calendarChangeResultSchema, loadCalendarYear } from '../core/calendar-admin.ts';
import { calendarAdminDeps } from '../deps.ts';

export const route = defineRoute({
  method: 'PUT',
  path: '/admin/calendar/years/{year}',
  summary: "Load a year's official holiday schedule (工作日历)",
  description:
    'Every rest day of each holiday period and every make-up working day (调休上班日), each with the ' +
    "holiday's name, and the notice in `source`. Validated (make-up days on weekends, no day both, no " +
    'duplicates, dates inside the year; 400 with field paths), then effective at once; open deadlines are ' +
    'recomputed and the change is audited. Replacing a bundled year (a mid-year change such as 2020) works ' +
    'the same way. Idempotent by nature: the same schedule again changes nothing (`changed: false`). 409 ' +
    'when another change came first.',
  tags: ['admin'],
  roles: ['administrator'],
  params: z.strictObject({
    year: z
      .string()
      .regex(/^\d{4}$/, 'a year like 2027')
      .transform(Number),
  }),
  body: yearScheduleSchema,
  response: calendarChangeResultSchema,
  errors: [409],
});

export function createHandler(deps?: DepsSource): HttpHandler {
  const getDeps = lazyDeps(deps);
  return httpHandler({
    ...route,
    name: 'loadCalendarYear',
    handle: async ({ principal, params, body }) => ({
      body: await loadCalendarYear(calendarAdminDeps(getDeps()), {
        actor: { userId: principal.userId, role: 'administrator' },
        year: params.year,
        schedule: body,
      }),
    }),
  });
}

export const handler = createHandler();
