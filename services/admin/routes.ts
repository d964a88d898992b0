// The HTTP contract of the admin routes: documentation and zod schemas, joined to each route's one declaration in
// infra/routes.ts (method, path, role rule, idempotency). Handlers take their route from here, and the OpenAPI
// document is built from here, without importing any handler.
import { declaredRoute } from '#infra/routes';
import { defineRoute } from '#shared/http/openapi';
import { calendarChangeResultSchema, calendarStatusSchema } from './core/calendar-admin.ts';
import { localRestDaysChangeSchema } from '#shared/calendar/config';
import { z } from 'zod';
import { yearScheduleSchema } from '#shared/calendar/index';

export const changeLocalRestDaysRoute = defineRoute({
  ...declaredRoute('change-local-rest-days'),
  summary: 'Add or remove local rest days (工作日历)',
  description:
    '`add`: dates (with an optional note) on which the region rests even where the national schedule ' +
    'works; `remove`: dates that are to work again. Idempotent by nature: adding a date that is a local rest ' +
    'day already, or removing one that is not, changes nothing. Open deadlines are recomputed and the ' +
    'change is audited. 409 when another change came first.',
  tags: ['admin'],
  body: localRestDaysChangeSchema,
  response: calendarChangeResultSchema,
  errors: [409],
});

export const getCalendarRoute = defineRoute({
  ...declaredRoute('get-calendar'),
  summary: 'Read the working-day calendar in force (工作日历)',
  description:
    'Years with their source notice and origin (bundled with the platform, or loaded by an administrator), ' +
    'active local rest days, the calendar version deadlines are stamped with, `warnings` (from 1 December: ' +
    "next year's schedule still missing) and the latest changes.",
  tags: ['admin'],
  response: calendarStatusSchema,
});

export const loadCalendarYearRoute = defineRoute({
  ...declaredRoute('load-calendar-year'),
  summary: "Load a year's official holiday schedule (工作日历)",
  description:
    'Every rest day of each holiday period and every make-up working day (调休上班日), each with the ' +
    "holiday's name, and the notice in `source`. Validated (make-up days on weekends, no day both, no " +
    'duplicates, dates inside the year; 400 with field paths), then effective at once; open deadlines are ' +
    'recomputed and the change is audited. Replacing a bundled year (a mid-year change such as 2020) works ' +
    'the same way. Idempotent by nature: the same schedule again changes nothing (`changed: false`). 409 ' +
    'when another change came first.',
  tags: ['admin'],
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
