// One application's full timeline as a table, for administrators' audits and their CSV export: every event
// (who, when, on whose behalf, the status change, what changed) and every paused interval (补正, Art. 45
// exclusions) of the whole-application clock and of each step's clock, with the working days used against
// the limit. The facts come from the same reading as GET /applications/{applicationId}: nothing is re-derived.
import { getApplication } from '#services/application/core/get-application';
import type { ClockView } from '#services/application/core/views';
import { clockIdOf } from '#services/application/core/steps';
import type { Principal } from '#shared/auth/principal';
import type { ApplicationStatus, AuditEvent, Track } from '#shared/model';

export interface TimelineEntry {
  at: string;
  entry: 'event' | 'paused';
  /** The event's type, or the reasons of a pause (`supplement`, `hearing`, ...). */
  type: string;
  actor: string | null;
  role: string | null;
  /** 代办: the enterprise an agency officer acted for. */
  onBehalfOf: string | null;
  stepId: string | null;
  /** For a pause: whose clock stood still, `application` or a step's clock (`review-construction`, `intake-1`). */
  clock: string | null;
  fromStatus: ApplicationStatus | null;
  toStatus: ApplicationStatus | null;
  /** For a pause: when the clock ran again (null while it still stands). */
  until: string | null;
  pausedWorkingDays: number | null;
  /** The event's detail as `name=value; ...` (its internal clock facts left out). */
  detail: string;
}

export interface ApplicationTimeline {
  applicationId: string;
  projectName: string;
  enterpriseId: string;
  track: Track;
  status: ApplicationStatus;
  /** 15 or 9 working days; null until the clock starts (before 受理 on the regular track). */
  limitWorkingDays: number | null;
  workingDaysUsed: number | null;
  pausedWorkingDays: number | null;
  remainingWorkingDays: number | null;
  dueAt: string | null;
  clockStatus: ClockView['status'] | null;
  entries: TimelineEntry[];
}

/** What GET /applications/{applicationId} reads with. */
export type TimelineDeps = Parameters<typeof getApplication>[0];

/** @throws NotFound for an unknown application (or one the caller may not see) */
export async function applicationTimeline(
  deps: TimelineDeps,
  request: { principal: Principal; applicationId: string },
): Promise<ApplicationTimeline> {
  const detail = await getApplication(deps, request);
  const { application, steps, timeline, deadlines } = detail;
  const whole = deadlines.application;

  const pauses = new Map<string, TimelineEntry>();
  const addPauses = (clock: string, view: ClockView) => {
    for (const interval of view.pausedIntervals) {
      // A review's ledger travels with each of its rounds: one interval, listed once.
      pauses.set(`${clock}|${interval.from}`, {
        at: interval.from,
        entry: 'paused',
        type: interval.reasons.join('|'),
        actor: null,
        role: null,
        onBehalfOf: null,
        stepId: null,
        clock,
        fromStatus: null,
        toStatus: null,
        until: interval.to ?? null,
        pausedWorkingDays: interval.workingDays,
        detail: '',
      });
    }
  };
  if (whole) addPauses('application', whole);
  const stepsById = new Map(steps.map((step) => [step.stepId, step]));
  for (const { stepId, clock } of deadlines.steps) {
    const step = stepsById.get(stepId);
    if (step) addPauses(clockIdOf(step), clock);
  }

  const entries = [...timeline.map(eventEntry), ...pauses.values()].sort(
    (a, b) => a.at.localeCompare(b.at) || (a.entry === b.entry ? 0 : a.entry === 'event' ? -1 : 1),
  );
  return {
    applicationId: application.applicationId,
    projectName: application.projectName,
    enterpriseId: application.enterpriseId,
    track: application.track,
    status: application.status,
    limitWorkingDays: whole?.budgetDays ?? null,
    workingDaysUsed: whole?.usedDays ?? null,
    pausedWorkingDays: whole?.pausedDays ?? null,
    remainingWorkingDays: whole?.remainingDays ?? null,
    dueAt: whole?.dueAt ?? null,
    clockStatus: whole?.status ?? null,
    entries,
  };
}

function eventEntry(event: AuditEvent): TimelineEntry {
  return {
    at: event.at,
    entry: 'event',
    type: event.type,
    actor: event.actor.userId,
    role: event.actor.role,
    onBehalfOf: event.onBehalfOf ?? null,
    stepId: event.stepId ?? null,
    clock: null,
    fromStatus: event.fromStatus ?? null,
    toStatus: event.toStatus ?? null,
    until: null,
    pausedWorkingDays: null,
    detail: Object.entries(event.detail)
      .filter(([name]) => name !== 'clock')
      .map(([name, value]) => `${name}=${Array.isArray(value) ? value.join('|') : String(value)}`)
      .join('; '),
  };
}
