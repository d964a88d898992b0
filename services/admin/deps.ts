// Calendar administration's dependencies, taken from the invocation's: the table-backed calendar source it
// writes through, the repository the recomputation writes through, the configuration, the clock and ids.
import { calendarSourceOf, type Deps } from '#shared/runtime/index';
import type { CalendarAdminDeps } from './core/calendar-admin.ts';

export function calendarAdminDeps(deps: Deps): CalendarAdminDeps {
  return { ...deps, calendars: calendarSourceOf(deps) };
}
