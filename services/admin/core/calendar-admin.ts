// Calendar administration (工作日历): an administrator loads next year's official schedule (or corrects a year)
// and adds or removes the region's local rest days, without a release. A change is validated, written with its
// audit event under CONFIG#calendar conditioned on the configuration's revision, effective at once in this
// process (within a minute in every other), and followed by the recomputation of every open deadline issued
// with the old calendar, itself audited.
import * as z from 'zod';
import type { WorkingCalendar, YearSchedule } from '#shared/calendar/index';
import { ValidationError } from '#shared/errors';
import { calendarDateSchema, type Actor } from '#shared/model';
import {
  recomputeOpenDeadlines,
  type RecomputeDependencies,
  type RecomputeResult,
} from '#services/application/core/recompute-deadlines';
import type { CalendarSource } from '#shared/calendar/source';
import {
  buildCalendar,
  bundledYears,
  calendarAuditEventSchema,
  calendarWarnings,
  type CalendarAuditEvent,
  type CalendarConfig,
  type LoadedYear,
  type LocalRestDay,
  type LocalRestDaysChange,
} from '#shared/calendar/config';

export interface CalendarAdminDeps extends Omit<RecomputeDependencies, 'calendar'> {
  calendars: CalendarSource;
  newId: () => string;
}

// -----------------------------------------------------------------------------------------------------------
// Views

const recomputeViewSchema = z.strictObject({
  calendarVersion: z.string(),
  examinedSteps: z.number().int(),
  applications: z.number().int(),
  stepsRecomputed: z.number().int(),
  complete: z.boolean().describe('false: the SLA sweeper finishes the rest within minutes'),
});

const warningSchema = z.strictObject({
  code: z.enum(['NEXT_YEAR_MISSING', 'CURRENT_YEAR_MISSING']),
  year: z.number().int(),
  message: z.string(),
});

export const calendarChangeResultSchema = z.strictObject({
  changed: z.boolean().describe('false: the calendar already was exactly this'),
  revision: z.number().int(),
  fromVersion: z.string(),
  toVersion: z.string(),
  recompute: recomputeViewSchema,
  warnings: z.array(warningSchema),
});
export type CalendarChangeResult = z.infer<typeof calendarChangeResultSchema>;

export const calendarStatusSchema = z.strictObject({
  version: z.string().describe('Stamped on every deadline computed with this calendar'),
  revision: z.number().int().describe('Of the stored configuration; every change bumps it'),
  timeZone: z.string(),
  years: z.array(
    z.strictObject({
      year: z.number().int(),
      source: z.string(),
      holidays: z.number().int(),
      makeupWorkdays: z.number().int(),
      origin: z.enum(['bundled', 'loaded', 'loaded-over-bundled']),
      loadedBy: z.string().optional(),
      loadedAt: z.string().optional(),
    }),
  ),
  localRestDays: z.array(
    z.strictObject({
      date: calendarDateSchema,
      note: z.string().optional(),
      changedBy: z.string(),
      changedAt: z.string(),
    }),
  ),
  warnings: z.array(warningSchema),
  recomputePending: z
    .boolean()
    .describe('Open deadlines may still carry an older calendar version (the sweeper is finishing)'),
  changes: z.array(calendarAuditEventSchema).describe('The latest changes and recomputations, newest first'),
});
export type CalendarStatus = z.infer<typeof calendarStatusSchema>;

// -----------------------------------------------------------------------------------------------------------
// Operations

/** What the administrators' calendar looks like now, with its warnings and latest changes. */
export async function getCalendarStatus(
  deps: Pick<CalendarAdminDeps, 'calendars' | 'now'>,
): Promise<CalendarStatus> {
  const store = deps.calendars.store;
  const [config, changes] = await Promise.all([store.load(), store.listEvents(20)]);
  const calendar = buildCalendar(config);
  const loaded = new Map(config.years.map((year) => [year.schedule.year, year]));
  const bundled = new Set(bundledYears().map((schedule) => schedule.year));
  return {
    version: calendar.version,
    revision: config.head.revision,
    timeZone: calendar.timeZone,
    years: calendar.loadedYears().map((year) => {
      const schedule = calendar.yearSchedule(year)!;
      const stored = loaded.get(year);
      return {
        year,
        source: schedule.source,
        holidays: schedule.holidays.length,
        makeupWorkdays: schedule.makeupWorkdays.length,
        origin: !stored ? 'bundled' : bundled.has(year) ? 'loaded-over-bundled' : 'loaded',
        ...(stored ? { loadedBy: stored.loadedBy, loadedAt: stored.loadedAt } : {}),
      };
    }),
    localRestDays: config.localRestDays
      .filter((day) => day.active)
      .sort((a, b) => a.date.localeCompare(b.date))
      .map(({ date, note, changedBy, changedAt }) => ({
        date,
        ...(note ? { note } : {}),
        changedBy,
        changedAt,
      })),
    warnings: calendarWarnings(calendar, deps.now()),
    recomputePending: config.head.recomputedVersion !== calendar.version,
    changes,
  };
}

/**
 * Loads (or replaces) one year's official schedule. The schedule was validated by the route's schema (or is
 * validated here: make-up days on weekends, no day both holiday and make-up, dates inside the year).
 * @throws ValidationError when the body's year differs from the path's, or the schedule is invalid
 * @throws Conflict `STALE_VERSION` when another change was written meanwhile
 */
export async function loadCalendarYear(
  deps: CalendarAdminDeps,
  request: { actor: Actor; year: number; schedule: YearSchedule },
): Promise<CalendarChangeResult> {
  const { actor, year, schedule } = request;
  if (schedule.year !== year) {
    throw new ValidationError('the request is invalid', [
      { path: 'year', message: `the body is the ${schedule.year} schedule, the path names ${year}` },
    ]);
  }
  return applyChange(deps, actor, (config, before, at) => {
    const loadedYear: LoadedYear = { schedule, loadedBy: actor.userId, loadedAt: at };
    const years = [...config.years.filter((loaded) => loaded.schedule.year !== year), loadedYear];
    return {
      after: calendarOrIssues(() => buildCalendar({ years, localRestDays: config.localRestDays }), 'year'),
      year: loadedYear,
      event: {
        type: 'calendar-year-loaded',
        year,
        replaced: before.hasYear(year),
        source: schedule.source.slice(0, 500),
      },
    };
  });
}

/**
 * Adds and removes local rest days. Idempotent: adding a date that is a local rest day already (with the same
 * note), or removing one that is not, changes nothing, so a retried request is harmless.
 * @throws ValidationError, Conflict `STALE_VERSION`
 */
export async function changeLocalRestDays(
  deps: CalendarAdminDeps,
  request: { actor: Actor; change: LocalRestDaysChange },
): Promise<CalendarChangeResult> {
  const { actor, change } = request;
  return applyChange(deps, actor, (config, _before, at) => {
    const current = new Map(config.localRestDays.map((day) => [day.date, day]));
    const written: LocalRestDay[] = [];
    const added: string[] = [];
    const removed: string[] = [];
    for (const { date, note } of change.add ?? []) {
      const existing = current.get(date);
      if (existing?.active && existing.note === note) continue;
      written.push({ date, active: true, ...(note ? { note } : {}), changedBy: actor.userId, changedAt: at });
      if (!existing?.active) added.push(date);
    }
    for (const date of change.remove ?? []) {
      const existing = current.get(date);
      if (!existing?.active) continue;
      written.push({ ...existing, active: false, changedBy: actor.userId, changedAt: at });
      removed.push(date);
    }
    for (const day of written) current.set(day.date, day);
    return {
      after: calendarOrIssues(
        () => buildCalendar({ years: config.years, localRestDays: [...current.values()] }),
        'add',
      ),
      localRestDays: written,
      event: { type: 'local-rest-days-changed', added, removed },
    };
  });
}

// -----------------------------------------------------------------------------------------------------------

interface PlannedChange {
  after: WorkingCalendar;
  year?: LoadedYear;
  localRestDays?: LocalRestDay[];
  event: Pick<CalendarAuditEvent, 'type'> & Partial<CalendarAuditEvent>;
}

async function applyChange(
  deps: CalendarAdminDeps,
  actor: Actor,
  plan: (config: CalendarConfig, before: WorkingCalendar, at: string) => PlannedChange,
): Promise<CalendarChangeResult> {
  const store = deps.calendars.store;
  const config = await store.load();
  const before = buildCalendar(config);
  const at = deps.now().toISOString();
  const planned = plan(config, before, at);
  const { after } = planned;
  const changed = after.version !== before.version || (planned.localRestDays?.length ?? 0) > 0;

  let revision = config.head.revision;
  let changeEventId: string | undefined;
  if (changed) {
    changeEventId = `${planned.event.type}-r${revision + 1}-${deps.newId()}`;
    const event: CalendarAuditEvent = {
      ...planned.event,
      eventId: changeEventId,
      at,
      actor,
      revision: revision + 1,
      fromVersion: before.version,
      toVersion: after.version,
    };
    const head = await store.write({
      expectedRevision: revision,
      calendarVersion: after.version,
      at,
      ...(planned.year ? { year: planned.year } : {}),
      ...(planned.localRestDays?.length ? { localRestDays: planned.localRestDays } : {}),
      event,
    });
    revision = head.revision;
    deps.calendars.replace(after, head);
    deps.logger.info('Calendar changed', {
      type: planned.event.type,
      revision,
      fromVersion: before.version,
      toVersion: after.version,
      by: actor.userId,
    });
  }

  // Deadlines already issued follow the new calendar now; the sweeper repeats the pass once every container's
  // cache has expired, for steps opened meanwhile with the old one.
  const recompute: RecomputeResult = await recomputeOpenDeadlines(
    { ...deps, calendar: after },
    { actor, ...(changeEventId ? { trigger: changeEventId } : {}) },
  );
  if (changed || recompute.stepsRecomputed > 0) {
    await store.appendEvent({
      eventId: `deadlines-recomputed-r${revision}-${deps.newId()}`,
      at: deps.now().toISOString(),
      type: 'deadlines-recomputed',
      actor,
      revision,
      fromVersion: before.version,
      toVersion: after.version,
      stepsRecomputed: recompute.stepsRecomputed,
      applicationsRecomputed: recompute.applications,
      complete: recompute.complete,
      ...(changeEventId ? { changeEventId } : {}),
    });
  }
  return {
    changed,
    revision,
    fromVersion: before.version,
    toVersion: after.version,
    recompute: {
      calendarVersion: recompute.calendarVersion,
      examinedSteps: recompute.examinedSteps,
      applications: recompute.applications,
      stepsRecomputed: recompute.stepsRecomputed,
      complete: recompute.complete,
    },
    warnings: calendarWarnings(after, deps.now()),
  };
}

/** The calendar, or the calendar's own validation errors under the request's field. */
function calendarOrIssues(build: () => WorkingCalendar, field: string): WorkingCalendar {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      'the request is invalid',
      error.issues.map((issue) => ({ path: field, message: issue.message })),
    );
  }
}
