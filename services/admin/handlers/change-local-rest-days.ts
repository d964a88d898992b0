// POST /admin/calendar/local-rest-days: an administrator adds or removes the region's local rest days (a
// typhoon day, a local festival), effective for deadlines computed afterwards; open deadlines are recomputed
// and the change is audited.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { changeLocalRestDays } from '../core/calendar-admin.ts';
import { calendarAdminDeps } from '../deps.ts';
import { changeLocalRestDaysRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'changeLocalRestDays',
    handle: async ({ deps, principal, body }) => ({
      body: await changeLocalRestDays(calendarAdminDeps(deps), {
        actor: { userId: principal.userId, role: 'administrator' },
        change: body,
      }),
    }),
  });
}

export const handler = createHandler();
