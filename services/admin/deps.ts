// Calendar administration's dependencies, taken from the API's: the calendar source (table-backed), the
// workflow store the recomputation writes through, the configuration, the clock and ids.
import type { ApiDeps } from '#services/api/deps';
import type { CalendarAdminDeps } from './core/calendar-admin.ts';

export function calendarAdminDeps(deps: ApiDeps): CalendarAdminDeps {
  if (!deps.calendars) {
    throw new Error(
      'Calendar administration needs the table-backed calendar: the deps were given a fixed one',
    );
  }
  return {
    calendars: deps.calendars,
    store: deps.store,
    config: deps.config,
    now: deps.now,
    logger: deps.logger,
    newId: deps.newId,
  };
}
