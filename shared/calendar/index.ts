// The working-day calendar (工作日历): official holiday schedules, their validation, and working-day arithmetic
// in the region's time zone. Import from '#shared/calendar/index'.
export { CalendarYearMissing } from './calendar-year-missing.ts';
export type { IsoDate } from './iso-date.ts';
export { loadOfficialCalendar, officialYearSchedules } from './official.ts';
export { parseYearSchedule, yearScheduleSchema, type ScheduledDay, type YearSchedule } from './schedule.ts';
export { DEFAULT_TIME_ZONE, WorkingCalendar, type WorkingCalendarOptions } from './working-calendar.ts';
