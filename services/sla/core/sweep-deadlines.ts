// The SLA sweep (预警 / 督办), run on a schedule: per department, the open steps that fall due soon are read
// through the open-steps index (no Scan) and their clocks recomputed with the current calendar. Each step's
// moves are recorded once: green → yellow (a 'step-warned' event, StepWarned), → red (StepOverdue) and its
// escalation to the department's supervisor (督办: `escalatedAt`, a 'step-escalated' event, StepEscalated, the
// escalation board's index entry). Every record is conditioned on the step's version, so a second sweep, two
// sweeps at once or a decision racing the sweep can never record a transition twice: the loser reads the new
// state next time and finds nothing left to do. Each record's audit event is the transition's outbox event:
// the table's stream publishes it (at least once, with a stable id), so nothing is published after the commit.
//
// Deadline reminders (提醒, ./reminders.ts: which are due is a pure function) are recorded the same way, each once:
// a marker item and the reminder's audit event in one transaction, so the outbox carries it to the notification
// service; a repeated or concurrent sweep finds the marker and records nothing.
//
// Also here: Art. 32 deemed acceptance (an intake undecided past 5 working days is accepted by the system from
// the day of receipt), and finishing the recomputation of open deadlines a calendar change began.
import { Conflict, Gone } from '#shared/errors';
import { DEFAULT_THRESHOLDS } from '#shared/sla/index';
import type { Actor, Application, SlaStatus, Step } from '#shared/model';
import { readIndexedStep, slaStatusOf, stepSlaFields } from '#services/application/core/clock';
import { decideHumanStep } from '#services/workflow/core/decide-human-step';
import { createHash } from 'node:crypto';
import { auditEvent } from '#services/application/core/events';
import type { CalendarAuditEvent } from '#shared/calendar/config';
import { thresholdsOf } from '#shared/config';
import { CALENDAR_CACHE_MS } from '#shared/calendar/source';
import type { SweepDependencies } from './ports.ts';
import {
  DEFAULT_REMINDER_WINDOWS,
  dueGapReminders,
  dueStepReminder,
  largestStepWindow,
  type DueReminder,
  type ReminderWindows,
} from './reminders.ts';
import { markOverdueSupervisionOrders } from '#services/application/core/supervision';
import {
  recomputeApplicationDeadlines,
  recomputeOpenDeadlines,
  type RecomputeResult,
} from '#services/application/core/recompute-deadlines';

/** The platform itself, acting as the SLA sweeper. */
export const sweeperActor: Actor = { userId: 'sla-sweeper', role: 'system' };

/**
 * 行政许可法 Art. 32: a supplement request must reach the applicant "within 5 days" of receipt, else the
 * application is accepted from the day of receipt; Art. 82 counts the law's time limits in working days.
 */
export const DEEMED_ACCEPTANCE_WORKING_DAYS = 5;

/**
 * A calendar change is recomputed for good only by a pass that begins after every container's cached calendar
 * has expired: a step opened meanwhile by a container that still had the old calendar is caught by it.
 */
export const RECOMPUTE_SETTLE_MS = 2 * CALENDAR_CACHE_MS;

export interface SweepOptions {
  /** @default the configured departments */
  departments?: readonly string[];
  /** Steps due within this many working days are read. @default enough to see every yellow step */
  lookaheadWorkingDays?: number;
  /** Art. 32. @default DEEMED_ACCEPTANCE_WORKING_DAYS */
  deemedAcceptanceWorkingDays?: number;
  /** Applications recomputed after a calendar change per sweep at most. @default 200 */
  maxRecomputedApplications?: number;
  /** How early deadline reminders come. @default DEFAULT_REMINDER_WINDOWS */
  reminderWindows?: Partial<ReminderWindows>;
}

export interface SweepResult {
  examined: number;
  /** `<applicationId>/<stepId>` of each transition recorded by this sweep. */
  warned: string[];
  overdue: string[];
  escalated: string[];
  deemedAccepted: string[];
  /** `<applicationId>/<marker>` of each deadline reminder recorded by this sweep. */
  reminded: string[];
  /** Changed under the sweep (decided, or swept by another run): left for the next one. */
  skipped: string[];
  /** Applications whose deadlines were restamped with the current calendar by this sweep. */
  restamped: string[];
  /** 督办单: `<applicationId>/<orderId>` of each supervision order this sweep marked overdue. */
  supervisionOverdue: string[];
  /** The recomputation after a calendar change this sweep finished or continued, if any. */
  recompute?: RecomputeResult;
}

const severity: Record<SlaStatus, number> = { green: 0, yellow: 1, red: 2 };

export async function sweepDeadlines(
  sweepDeps: SweepDependencies,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const now = sweepDeps.now();
  // One calendar for the whole sweep, read consistently first when the source is known.
  const calendar = sweepDeps.calendars
    ? await sweepDeps.calendars.refresh({ force: true })
    : sweepDeps.calendar;
  const deps: SweepDependencies = { ...sweepDeps, calendar };
  const result: SweepResult = {
    examined: 0,
    warned: [],
    overdue: [],
    escalated: [],
    deemedAccepted: [],
    reminded: [],
    skipped: [],
    restamped: [],
    supervisionOverdue: [],
  };

  const recompute = await finishRecomputation(deps, now, options);
  if (recompute) result.recompute = recompute;

  const dueBefore = horizon(
    deps,
    now,
    options.lookaheadWorkingDays ?? defaultLookahead(deps, options),
  ).toISOString();
  const stale = new Set<string>();
  for (const department of options.departments ?? deps.config.departments) {
    let cursor: string | undefined;
    do {
      const page = await deps.repository.listOpenSteps(department, {
        dueBefore,
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      for (const step of page.items) {
        result.examined += 1;
        const outcome = await sweepStep(deps, step, now, options, result);
        if (outcome === 'stale') stale.add(step.applicationId);
      }
      cursor = page.cursor;
    } while (cursor);
  }

  // 容缺: applications owing tolerated documents due soon (or overdue), through their own index partition.
  await sweepGaps(deps, now, options, result);

  // 督办单: the administrators' orders unanswered past their limit, through their own index partition.
  const supervision = await markOverdueSupervisionOrders(deps, sweeperActor);
  result.supervisionOverdue.push(...supervision.overdue);
  result.skipped.push(...supervision.skipped);

  // Near-due steps stamped with another calendar (opened by a container whose cache had not expired yet).
  for (const applicationId of stale) {
    try {
      const steps = await recomputeApplicationDeadlines(deps, calendar, applicationId, {
        actor: sweeperActor,
        trigger: 'sweep',
      });
      if (steps > 0) result.restamped.push(applicationId);
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
    }
  }

  const recorded =
    result.warned.length +
    result.overdue.length +
    result.escalated.length +
    result.deemedAccepted.length +
    result.reminded.length +
    result.supervisionOverdue.length;
  if (recorded > 0) {
    deps.logger.info('SLA sweep', {
      warned: result.warned.length,
      overdue: result.overdue.length,
      escalated: result.escalated.length,
      deemedAccepted: result.deemedAccepted.length,
      reminded: result.reminded.length,
      supervisionOverdue: result.supervisionOverdue.length,
      skipped: result.skipped.length,
    });
  }
  return result;
}

/** @returns 'stale' when the step carries another calendar's deadline and nothing else was recorded */
async function sweepStep(
  deps: SweepDependencies,
  step: Step,
  now: Date,
  options: SweepOptions,
  result: SweepResult,
): Promise<'stale' | undefined> {
  // The index is eventually consistent: a step decided a moment ago may still be listed.
  if (step.status !== 'open') return undefined;
  const id = `${step.applicationId}/${step.stepId}`;
  if (step.kind === 'intake' && isDeemedAccepted(deps, step, now, options)) {
    await deemAccepted(deps, step, result);
    return undefined;
  }
  await remindOfStep(deps, step, now, options, result);

  const reading = await readIndexedStep(step, now, deps);
  const colour = slaStatusOf(reading.status);
  const stored = step.slaStatus ?? 'green';
  const warn = colour === 'yellow' && severity[stored] < severity.yellow;
  const overdue = colour === 'red' && stored !== 'red';
  const escalate = colour === 'red' && step.escalatedAt === undefined;
  if (!warn && !overdue && !escalate) {
    return step.calendarVersion === reading.calendarVersion ? undefined : 'stale';
  }

  // The index copy lacks the task token (index-projection.ts): the write starts from the item itself, or it
  // would store the step without it. A step changed since the index saw it is left to the next sweep.
  const current = await deps.repository.findStep(step.applicationId, step.stepId);
  if (current?.status !== 'open' || current.version !== step.version) {
    result.skipped.push(id);
    return undefined;
  }
  const at = now.toISOString();
  const fields = stepSlaFields(reading);
  const next: Step = {
    ...current,
    ...fields,
    slaStatus: severity[colour] > severity[stored] ? colour : stored,
    ...(escalate ? { escalatedAt: at } : {}),
  };
  const detail = {
    kind: step.kind,
    department: step.department,
    permitType: step.permitType,
    slaStatus: next.slaStatus,
    dueAt: reading.dueAt.toISOString(),
    usedDays: reading.usedDays,
    remainingDays: reading.remainingDays,
    budgetDays: reading.budgetDays,
    overdue: colour === 'red',
    escalated: escalate,
  };
  try {
    await deps.repository.commit({
      update: [next],
      events: [
        auditEvent({
          application: step,
          eventId: `${step.stepId}-${escalate ? 'escalated' : colour === 'red' ? 'overdue' : 'warned'}`,
          // 督办 is its own record; an overdue step whose escalation came earlier (a review's next round) is a
          // warning in red.
          type: escalate ? 'step-escalated' : 'step-warned',
          at,
          actor: sweeperActor,
          stepId: step.stepId,
          detail,
        }),
      ],
    });
  } catch (error) {
    if (!(error instanceof Conflict)) throw error;
    result.skipped.push(id);
    return undefined;
  }

  if (warn) result.warned.push(id);
  if (overdue) result.overdue.push(id);
  if (escalate) {
    result.escalated.push(id);
    deps.metrics?.count('Escalations');
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Deadline reminders (提醒)

/** An open intake's last day before Art. 32 deems it accepted; an open verification's last working days. */
async function remindOfStep(
  deps: SweepDependencies,
  step: Step,
  now: Date,
  options: SweepOptions,
  result: SweepResult,
): Promise<void> {
  if (step.kind !== 'intake' && step.kind !== 'verification') return;
  const input = {
    step,
    now,
    calendar: deps.calendar,
    deemedAfterWorkingDays: options.deemedAcceptanceWorkingDays ?? DEEMED_ACCEPTANCE_WORKING_DAYS,
    ...(options.reminderWindows ? { windows: options.reminderWindows } : {}),
  };
  // Cheap first: only a step inside its window costs a read of the recorded markers.
  if (!dueNow(() => dueStepReminder({ ...input, recorded: new Set() }), deps, step.applicationId)) return;
  const reminder = dueStepReminder({
    ...input,
    recorded: new Set(await deps.repository.listReminders(step.applicationId)),
  });
  if (!reminder) return;
  // The index is eventually consistent: remind only of a step still open.
  const current = await deps.repository.findStep(step.applicationId, step.stepId);
  if (current?.status !== 'open') return;
  const application = await deps.repository.findApplication(step.applicationId, { consistent: true });
  if (!application) return;
  await recordReminder(deps, application, reminder, now, result, {
    kind: step.kind,
    department: step.department,
    permitType: step.permitType,
  });
}

/** 容缺: every open gap due within its window (or overdue) of the applications listed under `GAPS#open`. */
async function sweepGaps(
  deps: SweepDependencies,
  now: Date,
  options: SweepOptions,
  result: SweepResult,
): Promise<void> {
  const windows = { ...DEFAULT_REMINDER_WINDOWS, ...options.reminderWindows };
  let dueOnOrBefore: string;
  try {
    // One working day more than the window: a due day that is a rest day still falls inside.
    dueOnOrBefore = deps.calendar.addWorkingDays(deps.calendar.localDate(now), windows.gapDueWorkingDays + 1);
  } catch {
    deps.logger.warn('Gap reminders undecidable: the calendar lacks a year');
    return;
  }
  let cursor: string | undefined;
  do {
    const page = await deps.repository.listApplicationsWithOpenGaps({
      dueOnOrBefore,
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    for (const { applicationId } of page.items) {
      const application = await deps.repository.findApplication(applicationId, { consistent: true });
      if (!application?.toleratedGaps) continue;
      const recorded = new Set(await deps.repository.listReminders(applicationId));
      const due = dueNow(
        () =>
          dueGapReminders({
            gaps: application.toleratedGaps ?? [],
            now,
            calendar: deps.calendar,
            recorded,
            windows,
          }),
        deps,
        applicationId,
      );
      for (const reminder of due ?? []) {
        await recordReminder(deps, application, reminder, now, result, {});
      }
    }
    cursor = page.cursor;
  } while (cursor);
}

/** A reminder's question asked of a calendar that may lack a year: nothing is reminded on a guess. */
function dueNow<T>(ask: () => T, deps: SweepDependencies, applicationId: string): T | undefined {
  try {
    return ask();
  } catch {
    deps.logger.warn('Reminder undecidable: the calendar lacks a year', { applicationId });
    return undefined;
  }
}

/** One reminder: its marker and its audit event (the outbox event) in one transaction, once. */
async function recordReminder(
  deps: SweepDependencies,
  application: Application,
  reminder: DueReminder,
  now: Date,
  result: SweepResult,
  about: Record<string, string | undefined>,
): Promise<void> {
  const at = now.toISOString();
  const id = `${application.applicationId}/${reminder.marker}`;
  try {
    await deps.repository.commit({
      reminders: [{ applicationId: application.applicationId, marker: reminder.marker, at }],
      events: [
        auditEvent({
          application,
          eventId: `remind-${createHash('sha256').update(reminder.marker).digest('hex').slice(0, 24)}`,
          type: 'deadline-reminder',
          at,
          actor: sweeperActor,
          ...(reminder.stepId ? { stepId: reminder.stepId } : {}),
          detail: {
            reminder: reminder.kind,
            marker: reminder.marker,
            deadline: reminder.deadline.toISOString(),
            documentKind: reminder.documentKind,
            dueOn: reminder.dueOn,
            ...about,
          },
        }),
      ],
    });
  } catch (error) {
    // Recorded by another sweep meanwhile.
    if (!(error instanceof Conflict)) throw error;
    result.skipped.push(id);
    return;
  }
  result.reminded.push(id);
}

// ---------------------------------------------------------------------------------------------------------
// Art. 32 deemed acceptance

function isDeemedAccepted(deps: SweepDependencies, step: Step, now: Date, options: SweepOptions): boolean {
  const days = options.deemedAcceptanceWorkingDays ?? DEEMED_ACCEPTANCE_WORKING_DAYS;
  try {
    return now > deps.calendar.endOfNthWorkingDay(new Date(step.openedAt), days);
  } catch {
    // The fifth working day falls in a year without a schedule: nothing is deemed on a guess.
    deps.logger.warn('Deemed acceptance undecidable: the calendar lacks a year', {
      applicationId: step.applicationId,
      stepId: step.stepId,
    });
    return false;
  }
}

async function deemAccepted(deps: SweepDependencies, step: Step, result: SweepResult): Promise<void> {
  const id = `${step.applicationId}/${step.stepId}`;
  try {
    await decideHumanStep(deps, {
      applicationId: step.applicationId,
      stepId: step.stepId,
      expectedKinds: ['intake'],
      actor: sweeperActor,
      decision: {
        outcome: 'accepted',
        reason: '行政许可法第三十二条：逾期不告知补正，自收到申请材料之日起即为受理',
      },
      eventType: 'intake-deemed-accepted',
      // Accepted from the day of receipt: the application clock starts there.
      applicationUpdate: (application) => ({ ...application, acceptedAt: application.receivedAt }),
    });
  } catch (error) {
    // Decided by the clerk meanwhile, raced by another sweep, or expired: nothing of ours to record.
    if (error instanceof Conflict || error instanceof Gone) {
      result.skipped.push(id);
      return;
    }
    throw error;
  }
  result.deemedAccepted.push(id);
}

// ---------------------------------------------------------------------------------------------------------
// Calendar changes

/**
 * Completes the recomputation of open deadlines after a calendar change (or a release with other bundled
 * years): once every container's cache has expired, a pass restamps what is still stale, then records the
 * version as recomputed. Bounded per sweep; the next sweep goes on.
 */
async function finishRecomputation(
  deps: SweepDependencies,
  now: Date,
  options: SweepOptions,
): Promise<RecomputeResult | undefined> {
  const source = deps.calendars;
  if (!source) return undefined;
  const head = await source.store.head();
  if (head.recomputedVersion === deps.calendar.version || source.revision !== head.revision) return undefined;
  if (head.updatedAt && now.getTime() - Date.parse(head.updatedAt) < RECOMPUTE_SETTLE_MS) return undefined;
  const result = await recomputeOpenDeadlines(deps, {
    actor: sweeperActor,
    trigger: 'sweep',
    ...(options.maxRecomputedApplications !== undefined
      ? { maxApplications: options.maxRecomputedApplications }
      : {}),
  });
  if (result.complete) {
    const event: CalendarAuditEvent = {
      eventId: `recomputed-${deps.calendar.version}`,
      at: now.toISOString(),
      type: 'deadlines-recomputed',
      actor: sweeperActor,
      revision: head.revision,
      ...(head.recomputedVersion ? { fromVersion: head.recomputedVersion } : {}),
      toVersion: deps.calendar.version,
      stepsRecomputed: result.stepsRecomputed,
      applicationsRecomputed: result.applications,
      complete: true,
    };
    // False when the configuration changed meanwhile: the next sweep recomputes for the new calendar.
    await source.store.markRecomputed(head.revision, deps.calendar.version, event);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Which steps to read

/** Yellow comes at most this many working days before the due day: enough days left to see every step turn. */
function defaultLookahead(deps: Pick<SweepDependencies, 'config'>, options?: SweepOptions): number {
  const largestBudget = Math.max(
    ...Object.values(deps.config.stepBudgets).flatMap((budgets) => Object.values(budgets)),
  );
  // The earlier warning of the two tracks' thresholds.
  return (
    Math.max(
      ...(['regular', 'standard-land'] as const).map((track) => {
        const thresholds = { ...DEFAULT_THRESHOLDS, ...thresholdsOf(deps.config, track) };
        return Math.max(
          thresholds.yellowRemainingDays,
          Math.ceil(largestBudget * (1 - thresholds.yellowUsedFraction)),
        );
      }),
      // A verification's reminder comes days before it is due.
      largestStepWindow(options?.reminderWindows),
    ) + 1
  );
}

/** Just after the end of the n-th working day from now; a year without a schedule counts every day. */
function horizon(deps: Pick<SweepDependencies, 'calendar'>, now: Date, days: number): Date {
  try {
    return new Date(deps.calendar.endOfNthWorkingDay(now, days).getTime() + 1);
  } catch {
    return new Date(now.getTime() + (days * 2 + 7) * 86_400_000);
  }
}
