// GET /admin/calendar: the working-day calendar in force (bundled and loaded years, local rest days, its
// version), what administrators must act on (next year's schedule missing from 1 December) and the latest
// changes with who made them.
import { lazyDeps, type DepsSource } from '#services/api/deps';
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { calendarStatusSchema, getCalendarStatus } from '../core/calendar-admin.ts';
import { calendarAdminDeps } from '../deps.ts';

export const route = defineRoute({
  method: 'GET',
  path: '/admin/calendar',
  summary: 'Read the working-day calendar in force (工作日历)',
  description:
    'Years with their source notice and origin (bundled with the platform, or loaded by an administrator), ' +
    'active local rest days, the calendar version deadlines are stamped with, `warnings` (from 1 December: ' +
    "next year's schedule still missing) and the latest changes.",
  tags: ['admin'],
  roles: ['administrator'],
  response: calendarStatusSchema,
});

export function createHandler(deps?: DepsSource): HttpHandler {
  const getDeps = lazyDeps(deps);
  return httpHandler({
    ...route,
    name: 'getCalendar',
    handle: async () => ({ body: await getCalendarStatus(calendarAdminDeps(getDeps())) }),
  });
}

export const handler = createHandler();
