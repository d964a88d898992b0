// The clocks of one application, read from its timeline: the whole-application limit (15 working days from
// 受理 on the regular track, 9 from 土地取得日 on the standard-land track) and each step's own budget.
// Folding events into ledgers is all this adds; the counting itself is readStepClock's.

import type { IsoDate } from '#shared/calendar/index';
import { ValidationError } from '#shared/errors';
import {
  readStepClock,
  type ClockCalendar,
  type ClockPause,
  type ClockReading,
  type ClockThresholds,
  type ExclusionReason,
} from './clock.ts';

export type Track = 'regular' | 'standard-land';

/** intake 一窗受理, review 部门审查, issuance 同发, commitment-verification 承诺核查 (after issuance). */
export type StepKind = 'intake' | 'review' | 'issuance' | 'commitment-verification';

export type StepBudgets = Record<StepKind, number>;

/** Whole-application limits in working days. *Configurable* per region. */
export const DEFAULT_LIMITS: Readonly<Record<Track, number>> = Object.freeze({
  regular: 15,
  'standard-land': 9,
});

/**
 * Step budgets in working days. *Configurable* per region. On the standard-land track the departments
 * issue on the enterprise's commitment (告知承诺), so review is shorter; the 9-day limit also runs from land
 * acquisition, before the application is filed, so the steps must leave room for that.
 */
export const DEFAULT_STEP_BUDGETS: Readonly<Record<Track, Readonly<StepBudgets>>> = Object.freeze({
  regular: Object.freeze({ intake: 1, review: 8, issuance: 1, 'commitment-verification': 30 }),
  'standard-land': Object.freeze({
    intake: 1,
    review: 5,
    issuance: 1,
    'commitment-verification': 30,
  }),
});

/** What happened to an application, as far as its clocks care. */
export type ClockEvent =
  /** 受理: starts the application clock on the regular track. */
  | { type: 'accepted'; at: Date }
  /** `budgetDays` overrides the track's budget for `kind`. */
  | { type: 'step-opened'; at: Date; stepId: string; kind: StepKind; budgetDays?: number }
  | { type: 'step-closed'; at: Date; stepId: string }
  /** 补正: the ball is in the enterprise's court; pauses the step and the application. */
  | { type: 'supplement-requested'; at: Date; stepId: string }
  | { type: 'resubmitted'; at: Date; stepId: string }
  /** Art. 45 excluded time; pauses the step and the application. */
  | { type: 'exclusion-started'; at: Date; stepId: string; reason: ExclusionReason }
  | { type: 'exclusion-ended'; at: Date; stepId: string; reason: ExclusionReason }
  /** 同发: joint issuance closes the application clock. */
  | { type: 'issued'; at: Date }
  /** 不予许可 / 不予受理: closes the application clock. */
  | { type: 'refused'; at: Date };

export interface ApplicationClockOptions {
  track: Track;
  /** 土地取得日; required on the standard-land track, whose clock counts from the day after. */
  landAcquiredOn?: IsoDate;
  now: Date;
  limits?: Partial<Record<Track, number>>;
  /** Overrides for this application's track. */
  stepBudgets?: Partial<StepBudgets>;
  thresholds?: Partial<ClockThresholds>;
}

export interface StepClockReading extends ClockReading {
  stepId: string;
  kind: StepKind;
}

export interface ApplicationClockReading {
  track: Track;
  /** Null until the clock starts: before 受理 on the regular track. */
  application: ClockReading | null;
  outcome: 'issued' | 'refused' | null;
  /** In the order the steps were opened. */
  steps: StepClockReading[];
  calendarVersion: string;
  /** Any of the readings above is provisional. */
  provisional: boolean;
  missingYears: number[];
}

interface StepLedger {
  stepId: string;
  kind: StepKind;
  budgetDays: number;
  openedAt: Date;
  closedAt?: Date;
  pauses: ClockPause[];
}

interface ApplicationLedger {
  acceptedAt?: Date;
  closedAt?: Date;
  outcome: 'issued' | 'refused' | null;
  steps: Map<string, StepLedger>;
}

/**
 * Reads the application's clocks at `now` from its events (in any order; ties keep their given order;
 * events after `now` have not happened yet).
 *
 * The application clock stands still while any step is paused: while the enterprise owes a supplement
 * (补正) on any step, and during Art. 45 excluded time on any step, since the law excludes that time from
 * the limit and joint issuance cannot happen before it ends. Overlapping pauses of parallel steps count
 * once. Pauses before the clock starts (补正 at intake, before 受理) do not touch it.
 *
 * @throws ValidationError when the timeline is inconsistent (a step event for a step never opened, a
 *   resubmission with no supplement owed, a second acceptance, ...), naming the offending event.
 */
export function readApplicationClock(
  events: readonly ClockEvent[],
  options: ApplicationClockOptions,
  calendar: ClockCalendar,
): ApplicationClockReading {
  const { track, now, thresholds } = options;
  const budgets = { ...DEFAULT_STEP_BUDGETS[track], ...options.stepBudgets };
  const ledger = foldEvents(events, now, budgets);

  const steps = [...ledger.steps.values()].map((step): StepClockReading => ({
    stepId: step.stepId,
    kind: step.kind,
    ...readStepClock(
      {
        budgetDays: step.budgetDays,
        startedAt: step.openedAt,
        pauses: step.pauses,
        closedAt: step.closedAt,
        now,
        thresholds,
      },
      calendar,
    ),
  }));

  const startedAt = track === 'standard-land' ? landAcquiredOn(options) : ledger.acceptedAt;
  const application = startedAt
    ? readStepClock(
        {
          budgetDays: options.limits?.[track] ?? DEFAULT_LIMITS[track],
          startedAt,
          pauses: [...ledger.steps.values()].flatMap((step) => step.pauses),
          closedAt: ledger.closedAt,
          now,
          thresholds,
        },
        calendar,
      )
    : null;

  const readings = application ? [application, ...steps] : steps;
  const missingYears = [...new Set(readings.flatMap((r) => r.missingYears))].sort((a, b) => a - b);
  return {
    track,
    application,
    outcome: ledger.outcome,
    steps,
    calendarVersion: calendar.version,
    provisional: missingYears.length > 0,
    missingYears,
  };
}

function landAcquiredOn(options: ApplicationClockOptions): IsoDate {
  if (options.landAcquiredOn === undefined) {
    throw new ValidationError('The standard-land track counts from the land acquisition date', [
      { path: 'landAcquiredOn', message: 'is required on the standard-land track' },
    ]);
  }
  return options.landAcquiredOn;
}

function foldEvents(events: readonly ClockEvent[], now: Date, budgets: StepBudgets): ApplicationLedger {
  const ledger: ApplicationLedger = { outcome: null, steps: new Map() };
  const happened = events
    .map((event, index) => ({ event, index }))
    .filter(({ event, index }) => {
      if (!(event.at instanceof Date) || Number.isNaN(event.at.getTime())) {
        throw inconsistent(index, 'has no valid time');
      }
      return event.at <= now;
    })
    // Array.prototype.sort is stable, so same-instant events keep the order they were recorded in.
    .sort((a, b) => a.event.at.getTime() - b.event.at.getTime());

  for (const { event, index } of happened) {
    const fail = (message: string) => inconsistent(index, message);
    switch (event.type) {
      case 'accepted':
        if (ledger.acceptedAt) throw fail('the application was already accepted');
        ledger.acceptedAt = event.at;
        break;
      case 'issued':
      case 'refused':
        if (ledger.outcome) throw fail(`the application was already ${ledger.outcome}`);
        ledger.outcome = event.type;
        ledger.closedAt = event.at;
        break;
      case 'step-opened':
        if (ledger.steps.has(event.stepId)) throw fail(`step ${event.stepId} was already opened`);
        ledger.steps.set(event.stepId, {
          stepId: event.stepId,
          kind: event.kind,
          budgetDays: event.budgetDays ?? budgets[event.kind],
          openedAt: event.at,
          pauses: [],
        });
        break;
      default: {
        const step = ledger.steps.get(event.stepId);
        if (!step) throw fail(`step ${event.stepId} was never opened`);
        if (step.closedAt) throw fail(`step ${event.stepId} is already closed`);
        applyStepEvent(step, event, fail);
      }
    }
  }
  return ledger;
}

type StepEvent = Extract<
  ClockEvent,
  {
    type: 'step-closed' | 'supplement-requested' | 'resubmitted' | 'exclusion-started' | 'exclusion-ended';
  }
>;

function applyStepEvent(
  step: StepLedger,
  event: StepEvent,
  fail: (message: string) => ValidationError,
): void {
  const openPause = (reason: ClockPause['reason']) =>
    step.pauses.find((pause) => pause.reason === reason && pause.to === undefined);
  switch (event.type) {
    case 'step-closed':
      step.closedAt = event.at;
      return;
    case 'supplement-requested':
      if (openPause('supplement')) throw fail(`step ${step.stepId} already awaits a supplement`);
      step.pauses.push({ from: event.at, reason: 'supplement' });
      return;
    case 'resubmitted': {
      const pause = openPause('supplement');
      if (!pause) throw fail(`step ${step.stepId} awaits no supplement`);
      pause.to = event.at;
      return;
    }
    case 'exclusion-started':
      if (openPause(event.reason)) throw fail(`step ${step.stepId} already has ${event.reason} open`);
      step.pauses.push({ from: event.at, reason: event.reason });
      return;
    case 'exclusion-ended': {
      const pause = openPause(event.reason);
      if (!pause) throw fail(`step ${step.stepId} has no ${event.reason} open`);
      pause.to = event.at;
      return;
    }
  }
}

function inconsistent(index: number, message: string): ValidationError {
  return new ValidationError(
    'The application timeline is inconsistent',
    [{ path: `events.${index}`, message }],
    'INCONSISTENT_TIMELINE',
  );
}
