// One year of the official national holiday schedule (国务院办公厅关于…年部分节假日安排的通知), as published each
// November or December. Administrators load next year's schedule at run time through parseYearSchedule, so
// every rule that keeps the calendar sound is checked here, with a field path for each problem.
import * as z from 'zod';
import { ValidationError, type FieldIssue } from '#shared/errors';
import { isWeekendDay, tryDayNumber, WEEKDAY_NAMES, weekdayOfDay } from './iso-date.ts';

const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date in YYYY-MM-DD form')
  .refine((value) => tryDayNumber(value) !== undefined, 'is not a real calendar date');

const scheduledDaySchema = z.strictObject({
  date: isoDateSchema,
  /** The holiday the day belongs to, as the notice names it: 春节, 国庆节、中秋节, … */
  name: z.string().trim().min(1, 'must name the holiday'),
});

export const yearScheduleSchema = z
  .strictObject({
    year: z.number().int('must be a whole year').min(1949).max(9999),
    /** Every rest day of each holiday period (放假日), weekend days inside a period included. */
    holidays: z.array(scheduledDaySchema),
    /** Weekend days declared working days (调休上班日). */
    makeupWorkdays: z.array(scheduledDaySchema),
    /** Title (and document number) of the State Council notice(s) the dates come from. */
    source: z.string().trim().min(1, 'must name the State Council notice'),
  })
  .superRefine((schedule, ctx) => {
    const prefix = `${schedule.year}-`;
    const holidayIndex = new Map<string, number>();
    schedule.holidays.forEach(({ date }, i) => {
      if (!date.startsWith(prefix)) {
        ctx.addIssue({
          code: 'custom',
          path: ['holidays', i, 'date'],
          message: `${date} is not in ${schedule.year}`,
        });
      }
      const first = holidayIndex.get(date);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['holidays', i, 'date'],
          message: `${date} is listed twice (also holidays.${first})`,
        });
      } else {
        holidayIndex.set(date, i);
      }
    });
    const makeupIndex = new Map<string, number>();
    schedule.makeupWorkdays.forEach(({ date }, i) => {
      const path = ['makeupWorkdays', i, 'date'];
      if (!date.startsWith(prefix)) {
        ctx.addIssue({ code: 'custom', path, message: `${date} is not in ${schedule.year}` });
      }
      const day = tryDayNumber(date);
      if (day !== undefined && !isWeekendDay(day)) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `${date} is a ${WEEKDAY_NAMES[weekdayOfDay(day)]}: a make-up working day must fall on a Saturday or Sunday`,
        });
      }
      const first = makeupIndex.get(date);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `${date} is listed twice (also makeupWorkdays.${first})`,
        });
      } else {
        makeupIndex.set(date, i);
      }
      const holiday = holidayIndex.get(date);
      if (holiday !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `${date} cannot be both a make-up working day and a holiday (holidays.${holiday})`,
        });
      }
    });
  });

export type YearSchedule = z.infer<typeof yearScheduleSchema>;
export type ScheduledDay = YearSchedule['holidays'][number];

/** Parses an untrusted year schedule (e.g. uploaded by an administrator); throws ValidationError with field paths. */
export function parseYearSchedule(input: unknown): YearSchedule {
  const result = yearScheduleSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError('The year schedule is invalid', toFieldIssues(result.error));
}

/** Parses a schedule without throwing, issue paths prefixed (e.g. `years.2.`), for callers checking several. */
export function checkYearSchedule(
  input: unknown,
  pathPrefix = '',
): { schedule: YearSchedule; issues: [] } | { schedule: undefined; issues: FieldIssue[] } {
  const result = yearScheduleSchema.safeParse(input);
  if (result.success) return { schedule: result.data, issues: [] };
  const issues = toFieldIssues(result.error).map((issue) => ({
    path: issue.path ? `${pathPrefix}${issue.path}` : pathPrefix.replace(/\.$/, ''),
    message: issue.message,
  }));
  return { schedule: undefined, issues };
}

function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
