// GET /admin/calendar: the working-day calendar in force (bundled and loaded years, local rest days, its
// version), what administrators must act on (next year's schedule missing from 1 December) and the latest
// changes with who made them.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { getCalendarStatus } from '../core/calendar-admin.ts';
import { calendarAdminDeps } from '../deps.ts';
import { getCalendarRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'getCalendar',
    handle: async ({ deps }) => ({ body: await getCalendarStatus(calendarAdminDeps(deps)) }),
  });
}

export const handler = createHandler();
