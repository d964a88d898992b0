// PUT /admin/calendar/years/{year}: an administrator loads a year's official schedule (国务院办公厅关于…年部分节假日
// 安排的通知) as data, effective for deadlines computed afterwards; open deadlines are recomputed and the change
// is audited.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { loadCalendarYear } from '../core/calendar-admin.ts';
import { calendarAdminDeps } from '../deps.ts';
import { loadCalendarYearRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'loadCalendarYear',
    handle: async ({ deps, principal, params, body }) => ({
      body: await loadCalendarYear(calendarAdminDeps(deps), {
        actor: { userId: principal.userId, role: 'administrator' },
        year: params.year,
        schedule: body,
      }),
    }),
  });
}

export const handler = createHandler();
