// The workflow's use of the SLA clock: reading a step's ledger, writing the clock facts of each change into its
// audit event (`detail.clock`), folding them back out of the timeline for the application's clock (限时办结),
// and mapping readings onto the stored SLA fields. The counting itself is #shared/sla's.
import {
  DEFAULT_THRESHOLDS,
  readApplicationClock,
  readStepClock,
  type ClockThresholds,
  type ApplicationClockReading,
  type ClockEvent,
  type ClockReading,
  type ClockStatus,
  type ExclusionReason,
} from '#shared/sla/index';
import type { Application, ApplicationSla, AuditEvent, Pause, SlaStatus, Step, Track } from '#shared/model';
import { thresholdsOf } from '#shared/config';
import type { ApplicationDeps } from './ports.ts';
import { clockKindOf } from './steps.ts';

/**
 * The detail field that carries an event's clock facts, one string each:
 * `step-opened:<clock>:<kind>:<budget>`, `supplement-requested:<clock>`, `resubmitted:<clock>`,
 * `step-closed:<clock>`, `exclusion-started:<clock>:<reason>[:<epoch ms>]`, `exclusion-ended:<clock>:<reason>[:<epoch ms>]`
 * (Art. 45: an interval recorded with its own start and end carries them), `accepted`,
 * `accepted-at:<epoch ms>` (受理 dated other than the event, as Art. 32's deemed acceptance from receipt),
 * `issued`, `refused`. Only the workflow writes them, so other writers of the timeline cannot upset the clock.
 */
export const CLOCK_DETAIL = 'clock';
/** An event whose decision was voided (the step had expired) names the voided event here. */
export const VOIDS_DETAIL = 'voids';

export const clockFacts = {
  opened: (clock: string, kind: Step['kind'], budgetDays: number) =>
    `step-opened:${clock}:${clockKindOf(kind)}:${budgetDays}`,
  closed: (clock: string) => `step-closed:${clock}`,
  supplementRequested: (clock: string) => `supplement-requested:${clock}`,
  resubmitted: (clock: string) => `resubmitted:${clock}`,
  accepted: 'accepted',
  acceptedAt: (instant: Date) => `accepted-at:${instant.getTime()}`,
  /** Art. 45 excluded time, dated by its own start and end rather than by the event that records it. */
  exclusionStarted: (clock: string, reason: ExclusionReason, from: Date) =>
    `exclusion-started:${clock}:${reason}:${from.getTime()}`,
  exclusionEnded: (clock: string, reason: ExclusionReason, to: Date) =>
    `exclusion-ended:${clock}:${reason}:${to.getTime()}`,
  issued: 'issued',
  refused: 'refused',
} as const;

// Same-instant facts are folded in this order, so an injected clock that stands still still reads sensibly.
const rank: Record<string, number> = {
  'step-opened': 0,
  accepted: 4,
  'supplement-requested': 2,
  'exclusion-started': 2,
  resubmitted: 3,
  'exclusion-ended': 3,
  'step-closed': 4,
  issued: 5,
  refused: 5,
};

/** The clock events recorded in a timeline, in the order the clock must see them. */
export function clockEventsFromTimeline(timeline: readonly AuditEvent[]): ClockEvent[] {
  const voided = new Set(
    timeline.flatMap((event) => {
      const voids = event.detail[VOIDS_DETAIL];
      return typeof voids === 'string' ? [voids] : [];
    }),
  );
  const facts = timeline.flatMap((event) => {
    const list = event.detail[CLOCK_DETAIL];
    if (!Array.isArray(list) || voided.has(event.eventId)) return [];
    return list.flatMap((fact) => {
      const parsed = parseFact(new Date(event.at), fact);
      return parsed ? [{ event: parsed, rank: rank[parsed.type] ?? 9 }] : [];
    });
  });
  return facts
    .sort((a, b) => a.event.at.getTime() - b.event.at.getTime() || a.rank - b.rank)
    .map(({ event }) => event);
}

function parseFact(at: Date, fact: string): ClockEvent | undefined {
  const [type, stepId, third, fourth] = fact.split(':');
  switch (type) {
    case 'accepted':
    case 'issued':
    case 'refused':
      return { type, at };
    case 'accepted-at': {
      const instant = new Date(Number(stepId));
      return Number.isNaN(instant.getTime()) ? undefined : { type: 'accepted', at: instant };
    }
    case 'step-opened':
      if (!stepId || !third) return undefined;
      return {
        type,
        at,
        stepId,
        kind: third as Extract<ClockEvent, { type: 'step-opened' }>['kind'],
        ...(fourth ? { budgetDays: Number(fourth) } : {}),
      };
    case 'step-closed':
    case 'supplement-requested':
    case 'resubmitted':
      return stepId ? { type, at, stepId } : undefined;
    case 'exclusion-started':
    case 'exclusion-ended':
      if (!stepId || !third) return undefined;
      return { type, at: fourth ? new Date(Number(fourth)) : at, stepId, reason: third as ExclusionReason };
    default:
      return undefined;
  }
}

/** The step's own ledger read at `now`: its budget, the clock start it carries, its pauses. */
export function readStep(
  step: Pick<Step, 'budgetDays' | 'openedAt' | 'pauses' | 'closedAt'>,
  now: Date,
  deps: Pick<ApplicationDeps, 'calendar' | 'config'>,
  /** The application's track (预警 thresholds are per track); undefined: the regular track's thresholds. */
  track: Track | undefined,
): ClockReading {
  return readStepClock(
    {
      budgetDays: step.budgetDays,
      startedAt: new Date(step.openedAt),
      pauses: step.pauses.map((pause) => ({
        from: new Date(pause.from),
        ...(pause.to ? { to: new Date(pause.to) } : {}),
        reason: pause.reason,
      })),
      ...(step.closedAt ? { closedAt: new Date(step.closedAt) } : {}),
      now,
      thresholds: stepThresholds(step.budgetDays, thresholdsOf(deps.config, track)),
    },
    deps.calendar,
  );
}

/**
 * A step known from an index copy, its application's track not at hand (the sweeper). The two tracks' 预警
 * thresholds usually give the same colour (the defaults are the same); only when they do not is the application
 * read (one GetItem) for its track.
 */
export async function readIndexedStep(
  step: Pick<Step, 'applicationId' | 'budgetDays' | 'openedAt' | 'pauses' | 'closedAt'>,
  now: Date,
  deps: Pick<ApplicationDeps, 'calendar' | 'config' | 'repository'>,
): Promise<ClockReading> {
  const regular = readStep(step, now, deps, 'regular');
  const standardLand = readStep(step, now, deps, 'standard-land');
  if (regular.status === standardLand.status) return regular;
  const { track } = await deps.repository.getApplication(step.applicationId);
  return track === 'standard-land' ? standardLand : regular;
}

/**
 * 预警 thresholds for a step of this budget. Yellow comes when the remaining budget *falls to* the threshold, so
 * a step is never yellow on arrival: for a budget no larger than the days-left threshold (a 1-day intake with
 * the default of 1) that rule waits for the due day itself, and the used share (two thirds) decides before.
 */
export function stepThresholds(
  budgetDays: number,
  configured: Partial<ClockThresholds> = {},
): ClockThresholds {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...configured };
  return {
    ...thresholds,
    yellowRemainingDays: Math.min(thresholds.yellowRemainingDays, Math.max(0, budgetDays - 1)),
  };
}

export function slaStatusOf(status: ClockStatus): SlaStatus {
  switch (status) {
    case 'on-track':
    case 'met':
      return 'green';
    case 'yellow':
      return 'yellow';
    case 'red':
    case 'missed':
      return 'red';
  }
}

/** The SLA fields a step stores after a reading. A paused step has no due instant: it sorts last in the inbox. */
export function stepSlaFields(
  reading: ClockReading,
): Pick<Step, 'dueAt' | 'calendarVersion' | 'provisional' | 'slaStatus'> {
  return {
    dueAt: reading.paused ? undefined : reading.dueAt.toISOString(),
    calendarVersion: reading.calendarVersion,
    provisional: reading.provisional,
    slaStatus: slaStatusOf(reading.status),
  };
}

/** Closes every open pause of a ledger at `at` (the enterprise answered). */
export function closePauses(pauses: readonly Pause[], at: string): Pause[] {
  return pauses.map((pause) => (pause.to === undefined ? { ...pause, to: at } : pause));
}

/**
 * The application's clock over its timeline plus the facts of the change being written. Undefined before the
 * clock starts, or when the timeline cannot be read (logged: the change itself must not fail over bookkeeping).
 */
export function readApplication(
  application: Application,
  clockEvents: readonly ClockEvent[],
  now: Date,
  deps: Pick<ApplicationDeps, 'calendar' | 'config' | 'logger'>,
): ApplicationClockReading | undefined {
  const { track } = application;
  try {
    return readApplicationClock(
      clockEvents,
      {
        track,
        now,
        ...(application.landAcquiredOn ? { landAcquiredOn: application.landAcquiredOn } : {}),
        // Once accepted, the limit stays the one of the version the application was accepted under.
        limits:
          application.configRevision !== undefined && application.sla?.limitWorkingDays !== undefined
            ? { ...deps.config.limits, [track]: application.sla.limitWorkingDays }
            : deps.config.limits,
        stepBudgets: deps.config.stepBudgets[track],
        ...(thresholdsOf(deps.config, track) ? { thresholds: thresholdsOf(deps.config, track) } : {}),
      },
      deps.calendar,
    );
  } catch (error) {
    deps.logger.error('The application clock could not be read', {
      applicationId: application.applicationId,
      error: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  }
}

/** What `application.sla` holds after a reading; `workingDaysUsed`/`onTime` once the clock has closed. */
export function applicationSlaOf(
  application: Application,
  clockEvents: readonly ClockEvent[],
  now: Date,
  deps: Pick<ApplicationDeps, 'calendar' | 'config' | 'logger'>,
): ApplicationSla | undefined {
  const reading = readApplication(application, clockEvents, now, deps)?.application;
  if (!reading) return application.sla;
  const accepted = clockEvents.find((event) => event.type === 'accepted');
  const clockStartedAt =
    application.track === 'standard-land' && application.landAcquiredOn
      ? deps.calendar.startOfDay(application.landAcquiredOn)
      : accepted?.at;
  if (!clockStartedAt) return application.sla;
  const closed = reading.status === 'met' || reading.status === 'missed';
  return {
    limitWorkingDays: reading.budgetDays,
    clockStartedAt: clockStartedAt.toISOString(),
    dueAt: reading.dueAt.toISOString(),
    status: slaStatusOf(reading.status),
    calendarVersion: reading.calendarVersion,
    provisional: reading.provisional,
    pausedWorkingDays: reading.pausedDays,
    ...(closed ? { workingDaysUsed: reading.usedDays, onTime: reading.status === 'met' } : {}),
  };
}

/** `YYYY-MM` of an instant in the region's zone: the bucket of the audit counters. */
export function monthOf(instant: Date, deps: Pick<ApplicationDeps, 'calendar'>): string {
  return deps.calendar.localDate(instant).slice(0, 7);
}
