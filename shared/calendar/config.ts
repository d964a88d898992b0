// The region's working-day calendar as an administrator configures it (工作日历): the official schedules bundled
// with the platform, overlaid by the years loaded at run time (next year's State Council notice, or a corrected
// year such as 2020's extended Spring Festival) and the region's local rest days. Pure: the stored form, how a
// calendar is built from it, and what administrators must be warned about.
import * as z from 'zod';
import { officialYearSchedules, WorkingCalendar, type IsoDate, type YearSchedule } from './index.ts';
import { actorSchema, calendarDateSchema, timestampSchema } from '#shared/model';

/** What is stored of one loaded year: the schedule and who loaded it when. */
export interface LoadedYear {
  schedule: YearSchedule;
  loadedBy: string;
  loadedAt: string;
}

/** A local rest day as stored; a removed one stays, inactive, so the record of who changed what remains. */
export interface LocalRestDay {
  date: IsoDate;
  active: boolean;
  note?: string;
  changedBy: string;
  changedAt: string;
}

/** The stored configuration's head: a revision every change bumps, so concurrent changes cannot interleave. */
export interface CalendarHead {
  /** 0 while nothing was ever stored. */
  revision: number;
  /** The calendar version the last change produced. */
  calendarVersion?: string;
  /** When the last change was written. */
  updatedAt?: string;
  /**
   * The calendar version every open deadline was last recomputed with, by a pass that began after every
   * container's cached calendar had expired (see sweepDeadlines).
   */
  recomputedVersion?: string;
}

export interface CalendarConfig {
  head: CalendarHead;
  years: LoadedYear[];
  localRestDays: LocalRestDay[];
}

export const emptyCalendarConfig: CalendarConfig = Object.freeze({
  head: { revision: 0 },
  years: [],
  localRestDays: [],
}) as CalendarConfig;

let official: readonly YearSchedule[] | undefined;
/** The bundled years, parsed once per process. */
export function bundledYears(): readonly YearSchedule[] {
  return (official ??= Object.freeze(officialYearSchedules()));
}

/**
 * The calendar deadlines are computed with: bundled years, each replaced by a loaded schedule of the same year,
 * plus the active local rest days.
 * @throws ValidationError when the stored configuration is not a valid calendar (it was validated on the way in)
 */
export function buildCalendar(
  config: Pick<CalendarConfig, 'years' | 'localRestDays'>,
  options: { bundled?: readonly YearSchedule[]; timeZone?: string } = {},
): WorkingCalendar {
  const loaded = new Map(config.years.map((year) => [year.schedule.year, year.schedule]));
  const years = [
    ...(options.bundled ?? bundledYears()).filter((schedule) => !loaded.has(schedule.year)),
    ...loaded.values(),
  ];
  return new WorkingCalendar({
    years,
    localRestDays: activeLocalRestDays(config.localRestDays),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  });
}

export function activeLocalRestDays(days: readonly LocalRestDay[]): IsoDate[] {
  return days.filter((day) => day.active).map((day) => day.date);
}

export interface CalendarWarning {
  code: 'NEXT_YEAR_MISSING' | 'CURRENT_YEAR_MISSING';
  year: number;
  message: string;
}

/**
 * What administrators must act on: from 1 December (in the calendar's zone), next year's schedule still missing
 * (the State Council publishes it between late October and early December); any time, this year's missing.
 */
export function calendarWarnings(calendar: WorkingCalendar, now: Date): CalendarWarning[] {
  const today = calendar.localDate(now);
  const year = Number(today.slice(0, 4));
  const warnings: CalendarWarning[] = [];
  if (!calendar.hasYear(year)) {
    warnings.push({
      code: 'CURRENT_YEAR_MISSING',
      year,
      message: `No schedule is loaded for ${year}: every deadline in it is provisional (weekends only)`,
    });
  }
  if (today.slice(5) >= '12-01' && !calendar.hasYear(year + 1)) {
    warnings.push({
      code: 'NEXT_YEAR_MISSING',
      year: year + 1,
      message:
        `The ${year + 1} schedule is not loaded yet: deadlines reaching into ${year + 1} are provisional. ` +
        `Load it as soon as the State Council publishes it (PUT /admin/calendar/years/${year + 1}).`,
    });
  }
  return warnings;
}

// -----------------------------------------------------------------------------------------------------------
// Audit events of the calendar configuration (kept under CONFIG#calendar, apart from any application)

export const calendarEventTypes = [
  'calendar-year-loaded',
  'local-rest-days-changed',
  'deadlines-recomputed',
] as const;

const versionSchema = z.string().min(1).max(64);

export const calendarAuditEventSchema = z.strictObject({
  eventId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/)
    .max(128),
  at: timestampSchema,
  type: z.enum(calendarEventTypes),
  actor: actorSchema,
  /** The configuration's revision after a change; the revision recomputed for a recomputation. */
  revision: z.number().int().min(0),
  fromVersion: versionSchema.optional(),
  toVersion: versionSchema,
  year: z.number().int().optional(),
  /** The year replaced a schedule that was loaded or bundled before. */
  replaced: z.boolean().optional(),
  source: z.string().max(500).optional(),
  added: z.array(calendarDateSchema).max(100).optional(),
  removed: z.array(calendarDateSchema).max(100).optional(),
  /** Recomputation: open steps and applications whose deadlines were restamped, and whether the pass finished. */
  stepsRecomputed: z.number().int().min(0).optional(),
  applicationsRecomputed: z.number().int().min(0).optional(),
  complete: z.boolean().optional(),
  /** The change event a recomputation followed. */
  changeEventId: z.string().max(128).optional(),
});
export type CalendarAuditEvent = z.infer<typeof calendarAuditEventSchema>;

// -----------------------------------------------------------------------------------------------------------
// Request bodies

/** `POST /admin/calendar/local-rest-days`: dates to add (with an optional note) and dates to remove. */
export const localRestDaysChangeSchema = z
  .strictObject({
    add: z
      .array(
        z.strictObject({
          date: calendarDateSchema,
          note: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters')
            .optional()
            .describe('Why the region rests, e.g. 台风停工'),
        }),
      )
      .max(50)
      .optional(),
    remove: z.array(calendarDateSchema).max(50).optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.add?.length ?? 0) + (body.remove?.length ?? 0) === 0) {
      ctx.addIssue({ code: 'custom', path: [], message: 'add or remove at least one date' });
    }
    const added = new Map<string, number>();
    body.add?.forEach(({ date }, i) => {
      if (added.has(date)) {
        ctx.addIssue({ code: 'custom', path: ['add', i, 'date'], message: `${date} is listed twice` });
      }
      added.set(date, i);
    });
    const removed = new Set<string>();
    body.remove?.forEach((date, i) => {
      if (removed.has(date)) {
        ctx.addIssue({ code: 'custom', path: ['remove', i], message: `${date} is listed twice` });
      }
      removed.add(date);
      if (added.has(date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['remove', i],
          message: `${date} cannot be added and removed at once`,
        });
      }
    });
  });
export type LocalRestDaysChange = z.infer<typeof localRestDaysChangeSchema>;
