// After the calendar changes (next year's schedule loaded, a local rest day added or removed, a release with
// new bundled years), deadlines already issued are recomputed: each open step's due instant, calendar version
// and provisional flag, and the running application clock's, with a 'deadlines-recomputed' event on the
// application's timeline. Colours are left to the sweeper, which records each transition once.
//
// Open steps are found per department through the open-steps index (no Scan), in bounded pages; a step already
// stamped with the calendar's version is left alone, so a pass can be repeated or resumed at no cost.
import { Conflict } from '#shared/errors';
import type { WorkingCalendar } from '#shared/calendar/index';
import type { Actor, Application, Step } from '#shared/model';
import { applicationSlaOf, clockEventsFromTimeline, readStep, stepSlaFields } from './clock.ts';
import { auditEvent, withVersionRetry } from './events.ts';
import type { ApplicationDeps } from './ports.ts';

export type RecomputeDependencies = Pick<
  ApplicationDeps,
  'repository' | 'calendar' | 'config' | 'now' | 'logger'
>;

export interface RecomputeOptions {
  /** Who caused it: the administrator who changed the calendar, or the sweeper finishing a pass. */
  actor: Actor;
  /** The calendar change that asked for it (its audit event id), for the timeline. */
  trigger?: string;
  /** Applications recomputed in one pass at most; the rest is left for the next pass. @default 200 */
  maxApplications?: number;
}

export interface RecomputeResult {
  calendarVersion: string;
  /** Open steps read from the index. */
  examinedSteps: number;
  /** Applications whose deadlines were rewritten. */
  applications: number;
  /** Open steps whose deadline was rewritten. */
  stepsRecomputed: number;
  /** Applications that kept changing under the pass (left for the next one). */
  skipped: string[];
  /** Every open step was reached and none was skipped. */
  complete: boolean;
}

const pageSize = 100;

export async function recomputeOpenDeadlines(
  deps: RecomputeDependencies,
  options: RecomputeOptions,
): Promise<RecomputeResult> {
  const calendar = deps.calendar;
  const maxApplications = options.maxApplications ?? 200;
  const stale = new Set<string>();
  let examinedSteps = 0;
  let reachedEnd = true;
  departments: for (const department of deps.config.departments) {
    let cursor: string | undefined;
    do {
      const page = await deps.repository.listOpenSteps(department, {
        limit: pageSize,
        ...(cursor ? { cursor } : {}),
      });
      for (const step of page.items) {
        examinedSteps += 1;
        if (step.status !== 'open' || step.calendarVersion === calendar.version) continue;
        if (stale.size >= maxApplications && !stale.has(step.applicationId)) {
          reachedEnd = false;
          break departments;
        }
        stale.add(step.applicationId);
      }
      cursor = page.cursor;
    } while (cursor);
  }

  const result: RecomputeResult = {
    calendarVersion: calendar.version,
    examinedSteps,
    applications: 0,
    stepsRecomputed: 0,
    skipped: [],
    complete: false,
  };
  for (const applicationId of stale) {
    try {
      const steps = await recomputeApplicationDeadlines(deps, calendar, applicationId, options);
      if (steps > 0) {
        result.applications += 1;
        result.stepsRecomputed += steps;
      }
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      result.skipped.push(applicationId);
    }
  }
  result.complete = reachedEnd && result.skipped.length === 0;
  if (result.applications > 0 || !result.complete) {
    deps.logger.info('Deadlines recomputed', { ...result, skipped: result.skipped.length });
  }
  return result;
}

/**
 * Rewrites the deadlines of one application's open steps (and its running clock) with `calendar`, in one
 * commit with its audit event; nothing when they are current already.
 * @returns the number of steps rewritten
 * @throws Conflict when the application kept changing (three attempts)
 */
export async function recomputeApplicationDeadlines(
  deps: Omit<RecomputeDependencies, 'calendar'>,
  calendar: WorkingCalendar,
  applicationId: string,
  options: Pick<RecomputeOptions, 'actor' | 'trigger'>,
): Promise<number> {
  const withCalendar = { ...deps, calendar };
  return withVersionRetry(
    async () => {
      const { application, steps } = await deps.repository.getApplicationWithSteps(applicationId);
      const now = deps.now();
      const at = now.toISOString();
      const changed: Step[] = [];
      const lines: string[] = [];
      const fromVersions = new Set<string>();
      for (const step of steps) {
        if (step.status !== 'open') continue;
        const fields = stepSlaFields(readStep(step, now, withCalendar, application.track));
        const next: Step = {
          ...step,
          dueAt: fields.dueAt,
          calendarVersion: fields.calendarVersion,
          provisional: fields.provisional,
        };
        if (
          next.dueAt === step.dueAt &&
          next.calendarVersion === step.calendarVersion &&
          next.provisional === step.provisional
        ) {
          continue;
        }
        if (step.calendarVersion) fromVersions.add(step.calendarVersion);
        changed.push(next);
        lines.push(
          `${step.stepId}: ${step.dueAt ?? 'paused'} → ${next.dueAt ?? 'paused'}${next.provisional ? ' (provisional)' : ''}`,
        );
      }
      const nextApplication = await recomputedApplication(withCalendar, application, now);
      if (changed.length === 0 && !nextApplication) return 0;

      await deps.repository
        .commit({
          update: [...changed, ...(nextApplication ? [{ ...nextApplication, updatedAt: at }] : [])],
          events: [
            auditEvent({
              application,
              eventId: `recomputed-${calendar.version}`,
              type: 'deadlines-recomputed',
              at,
              actor: options.actor,
              detail: {
                calendarVersion: calendar.version,
                fromVersions: [...fromVersions],
                steps: lines.slice(0, 50),
                applicationDueAt: nextApplication?.sla?.dueAt,
                provisional: nextApplication?.sla?.provisional,
                trigger: options.trigger,
              },
            }),
          ],
        })
        .catch((error: unknown) => {
          if (error instanceof Conflict && error.code === 'STALE_VERSION') throw new RetryRecompute(error);
          throw error;
        });
      return changed.length;
    },
    (error) => error instanceof RetryRecompute,
    3,
  ).catch((error: unknown) => {
    throw error instanceof RetryRecompute ? error.conflict : error;
  });
}

class RetryRecompute extends Error {
  constructor(readonly conflict: Conflict) {
    super(conflict.message);
  }
}

/** The application with its running clock recomputed; undefined when it is closed or already current. */
async function recomputedApplication(
  deps: Omit<RecomputeDependencies, 'calendar'> & { calendar: WorkingCalendar },
  application: Application,
  now: Date,
): Promise<Application | undefined> {
  const sla = application.sla;
  // Before acceptance there is no clock; once issued its result is history, not a deadline.
  if (!sla || sla.workingDaysUsed !== undefined) return undefined;
  const timeline = await deps.repository.getTimeline(application.applicationId);
  const next = applicationSlaOf(application, clockEventsFromTimeline(timeline), now, deps);
  if (
    !next ||
    (next.dueAt === sla.dueAt &&
      next.calendarVersion === sla.calendarVersion &&
      next.provisional === sla.provisional)
  ) {
    return undefined;
  }
  return { ...application, sla: next };
}
