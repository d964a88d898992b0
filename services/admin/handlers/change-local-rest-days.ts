// POST /admin/calendar/local-rest-days: an administrator adds or removes the region's local rest days (a
// typhoon day, a local festival), effective for deadlines computed afterwards; open deadlines are recomputed
// and the change is audited.
import { lazyDeps, type DepsSource } from '#services/api/deps';
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { calendarChangeResultSchema, changeLocalRestDays } from '../core/calendar-admin.ts';
import { localRestDaysChangeSchema } from '../core/calendar-config.ts';
import { calendarAdminDeps } from '../deps.ts';

export const route = defineRoute({
  method: 'POST',
  path: '/admin/calendar/local-rest-days',
  summary: 'Add or remove local rest days (工作日历)',
  description:
    '`add`: dates (with an optional note) on which the region rests even where the national schedule ' +
    'works; `remove`: dates that are to work again. Idempotent by nature: adding a date that is a local rest ' +
    'day already, or removing one that is not, changes nothing. Open deadlines are recomputed and the ' +
    'change is audited. 409 when another change came first.',
  tags: ['admin'],
  roles: ['administrator'],
  body: localRestDaysChangeSchema,
  response: calendarChangeResultSchema,
  errors: [409],
});

export function createHandler(deps?: DepsSource): HttpHandler {
  const getDeps = lazyDeps(deps);
  return httpHandler({
    ...route,
    name: 'changeLocalRestDays',
    handle: async ({ principal, body }) => ({
      body: await changeLocalRestDays(calendarAdminDeps(getDeps()), {
        actor: { userId: principal.userId, role: 'administrator' },
        change: body,
      }),
    }),
  });
}

export const handler = createHandler();
