// The SLA clock (限时办结计时) of one step or one application. A deadline is a budget of working days plus a
// ledger of paused intervals; days used, days left, the due instant and the colour are all derived from those
// and the working-day calendar, so a pause or a new calendar moves the deadline without anything to update.
// Pure: no I/O, no clock of its own (the caller passes `now`).

import { CalendarYearMissing, type IsoDate, type WorkingCalendar } from '#shared/calendar/index';
import { dayNumber, isoDateOf, isWeekendDay, tryDayNumber, yearOfDay } from '#shared/calendar/iso-date';
import { ValidationError, type FieldIssue } from '#shared/errors';

/**
 * Art. 45 excluded time: 听证 hearing, 检验/检测 testing, 勘验 inspection, 专家评审 expert review, 公示 public notice.
 */
export const exclusionReasons = [
  'hearing',
  'testing',
  'inspection',
  'expert-review',
  'public-notice',
] as const;
export type ExclusionReason = (typeof exclusionReasons)[number];

/**
 * The legal maximum of each kind of excluded time, in working days (the unit the clock counts). *Configurable*
 * per region (WorkflowConfig.exclusionLimits); an interval longer than its kind allows is refused.
 */
export const DEFAULT_EXCLUSION_LIMITS: Readonly<Record<ExclusionReason, number>> = Object.freeze({
  hearing: 20,
  testing: 30,
  inspection: 30,
  'expert-review': 30,
  'public-notice': 10,
});

/**
 * Why a clock stands still: the enterprise owes a supplement (补正), or Art. 45 excluded time.
 * Tolerated gaps (容缺) are deliberately not a reason: they never stop the clock.
 */
export type PauseReason = 'supplement' | ExclusionReason;

export interface ClockPause {
  from: Date;
  /** Absent while the pause is still open. */
  to?: Date;
  reason: PauseReason;
}

/** 预警 thresholds: yellow once either holds. *Configurable* per region. */
export interface ClockThresholds {
  /** Yellow when at most this many working days are left after today. */
  yellowRemainingDays: number;
  /** Yellow when at least this share of the budget is used. */
  yellowUsedFraction: number;
}

export const DEFAULT_THRESHOLDS: Readonly<ClockThresholds> = Object.freeze({
  yellowRemainingDays: 1,
  yellowUsedFraction: 2 / 3,
});

export interface StepClockInput {
  /** Working days the step (or application) may use; a positive integer. */
  budgetDays: number;
  /**
   * An instant (受理 at 10:32) or a bare date (土地取得日). Either way the start day itself is not counted:
   * counting begins the next day.
   */
  startedAt: Date | IsoDate;
  pauses: readonly ClockPause[];
  closedAt?: Date;
  now: Date;
  thresholds?: Partial<ClockThresholds>;
}

/** `paused` is a separate flag, not a status: see ClockReading.paused. */
export type ClockStatus = 'on-track' | 'yellow' | 'red' | 'met' | 'missed';

/** A stretch of stopped time after normalisation: clipped to the clock's life, overlapping pauses merged. */
export interface PausedInterval {
  from: Date;
  /** Absent while the pause is still open (and the clock too). */
  to?: Date;
  reasons: PauseReason[];
  /** Working days this interval took off the clock: those after the day it starts, up to the day it ends. */
  workingDays: number;
}

export interface ClockReading {
  budgetDays: number;
  usedDays: number;
  pausedDays: number;
  /** `budgetDays - usedDays`: working days left after today; negative once overdue. */
  remainingDays: number;
  /** End of the working day on which the budget runs out, in the calendar's time zone. */
  dueAt: Date;
  dueOn: IsoDate;
  status: ClockStatus;
  /**
   * The clock is open and stands still right now. Kept apart from `status` because the two are independent:
   * a step that overran before asking for a supplement stays red while paused (督办 must not be lifted by
   * asking for a supplement), and a paused step keeps the colour it will have when the clock resumes.
   * Notifiers may choose to hold yellow warnings while paused.
   */
  paused: boolean;
  pausedIntervals: PausedInterval[];
  /** The calendar version this reading was computed with; recompute when the calendar's version changes. */
  calendarVersion: string;
  /** The computation reached into year(s) with no published calendar; see readStepClock. */
  provisional: boolean;
  /** Those years, ascending; empty when not provisional. */
  missingYears: number[];
}

/** What the clock needs of a working-day calendar (WorkingCalendar satisfies it). */
export type ClockCalendar = Pick<
  WorkingCalendar,
  | 'version'
  | 'hasYear'
  | 'isWorkingDay'
  | 'addWorkingDays'
  | 'workingDaysBetween'
  | 'localDate'
  | 'startOfDay'
  | 'endOfDay'
>;

/** The day arithmetic the budget is counted with: the calendar itself, or its provisional stand-in. */
type DayCounter = Pick<ClockCalendar, 'addWorkingDays' | 'workingDaysBetween' | 'localDate'>;

/** A pause clipped to the clock's life; `end` is where it stops counting (the horizon while open). */
interface Stretch {
  from: Date;
  end: Date;
  open: boolean;
  reasons: PauseReason[];
}

interface Ledger {
  budgetDays: number;
  startedAt: Date;
  /** Counting stops here: the closing instant, or now while open. Never before startedAt. */
  horizon: Date;
  stretches: Stretch[];
}

interface Count {
  usedDays: number;
  pausedDaysPerStretch: number[];
  dueOn: IsoDate;
}

/**
 * Reads a clock at `now`.
 *
 * Counting is in whole working days, the way `workingDaysBetween` counts: the day a span starts is not
 * counted, the day it ends is. So the acceptance day is free, the day a supplement is requested is used,
 * and the day the enterprise resubmits is paused (counting resumes the next day, as after acceptance).
 * Overlapping pauses are merged first, so no day is taken off twice. Today counts as used as soon as the
 * clock runs on it.
 *
 * `dueAt` is the end of the working day on which the budget runs out, assuming the clock runs from now on.
 * So while paused the due date moves forward day by day: it is where it would be if the clock resumed now.
 * A budget already spent before the pause stays spent: the due date then stays where the budget ran out.
 *
 * The reading is "as of now": a pause starting after `now` is ignored, one ending after `now` is still
 * open, and a `closedAt` after `now` leaves the clock open. Replaying a ledger at an earlier `now`
 * therefore gives the reading as it was then.
 *
 * Provisional: if the count reaches into a year the calendar has no data for, the reading is not guessed
 * silently. It is computed again treating that year's weekdays as working days and weekends as rest, and
 * returned with `provisional: true` and the years in `missingYears`. Recompute it once the year is loaded.
 *
 * Readings are derived, never stored as truth: when the calendar changes, callers recompute with the new
 * calendar and compare `calendarVersion` to find readings that are stale.
 */
export function readStepClock(input: StepClockInput, calendar: ClockCalendar): ClockReading {
  const startedAt = startInstant(input.startedAt, calendar);
  assertValidInput(input, startedAt);
  const thresholds = { ...DEFAULT_THRESHOLDS, ...input.thresholds };
  const closedAt = input.closedAt && input.closedAt <= input.now ? input.closedAt : undefined;
  const asOf = closedAt ?? input.now;
  const horizon = maxDate(startedAt, asOf);
  const ledger: Ledger = {
    budgetDays: input.budgetDays,
    startedAt,
    horizon,
    stretches: normalisePauses(input.pauses, { startedAt, asOf, horizon, open: !closedAt }),
  };

  const missing = new Set<number>();
  let count: Count;
  try {
    count = countBudget(ledger, calendar);
  } catch (error) {
    if (!(error instanceof CalendarYearMissing)) throw error;
    count = countBudget(ledger, withWeekdayFallback(calendar, missing));
  }

  const dueAt = calendar.endOfDay(count.dueOn);
  const remainingDays = input.budgetDays - count.usedDays;
  return {
    budgetDays: input.budgetDays,
    usedDays: count.usedDays,
    pausedDays: sum(count.pausedDaysPerStretch),
    remainingDays,
    dueAt,
    dueOn: count.dueOn,
    status: statusOf(
      { budgetDays: input.budgetDays, usedDays: count.usedDays, remainingDays, dueAt },
      { closedAt, now: input.now },
      thresholds,
    ),
    paused: ledger.stretches.some((s) => s.open),
    pausedIntervals: ledger.stretches.map((s, i) => ({
      from: s.from,
      ...(s.open ? {} : { to: s.end }),
      reasons: s.reasons,
      workingDays: count.pausedDaysPerStretch[i] ?? 0,
    })),
    calendarVersion: calendar.version,
    provisional: missing.size > 0,
    missingYears: [...missing].sort((a, b) => a - b),
  };
}

/** A bare date starts the clock at that day's first instant; an unreadable one is an invalid instant. */
function startInstant(startedAt: Date | IsoDate, calendar: ClockCalendar): Date {
  if (typeof startedAt !== 'string') return startedAt;
  return tryDayNumber(startedAt) === undefined ? new Date(Number.NaN) : calendar.startOfDay(startedAt);
}

function assertValidInput(input: StepClockInput, startedAt: Date): void {
  const issues: FieldIssue[] = [];
  if (!Number.isInteger(input.budgetDays) || input.budgetDays < 1) {
    issues.push({ path: 'budgetDays', message: 'must be a positive whole number of working days' });
  }
  if (!isValidDate(startedAt)) issues.push({ path: 'startedAt', message: 'must be a valid date' });
  if (!isValidDate(input.now)) issues.push({ path: 'now', message: 'must be a valid date' });
  if (input.closedAt !== undefined && !isValidDate(input.closedAt)) {
    issues.push({ path: 'closedAt', message: 'must be a valid date' });
  } else if (input.closedAt !== undefined && input.closedAt < startedAt) {
    issues.push({ path: 'closedAt', message: 'must not be before the clock started' });
  }
  input.pauses.forEach((pause, i) => {
    if (!isValidDate(pause.from)) {
      issues.push({ path: `pauses.${i}.from`, message: 'must be a valid date' });
    } else if (pause.to !== undefined && !(isValidDate(pause.to) && pause.to >= pause.from)) {
      issues.push({ path: `pauses.${i}.to`, message: 'must be a valid date, not before from' });
    }
  });
  if (issues.length > 0) throw new ValidationError('The clock ledger is not valid', issues);
}

/**
 * Keeps what had happened by `asOf`, clips it to [startedAt, horizon] and merges pauses that overlap or
 * touch. Merging by instant is enough to count each day once: pauses apart in time share no counted day.
 */
function normalisePauses(
  pauses: readonly ClockPause[],
  clock: { startedAt: Date; asOf: Date; horizon: Date; open: boolean },
): Stretch[] {
  const clipped = pauses
    .filter((p) => p.from <= clock.asOf)
    .map((p) => {
      const stillRunning = p.to === undefined || p.to > clock.asOf;
      return {
        from: maxDate(p.from, clock.startedAt),
        end: stillRunning ? clock.horizon : maxDate(p.to as Date, clock.startedAt),
        open: clock.open && stillRunning,
        reasons: [p.reason],
      };
    })
    // A pause that ended before the clock started never stopped it; one opened this very instant has.
    .filter((s) => s.from < s.end || (s.open && s.from <= s.end))
    .sort((a, b) => a.from.getTime() - b.from.getTime());

  const merged: Stretch[] = [];
  for (const stretch of clipped) {
    const last = merged.at(-1);
    if (last && stretch.from <= last.end) {
      last.end = maxDate(last.end, stretch.end);
      last.open ||= stretch.open;
      for (const reason of stretch.reasons) {
        if (!last.reasons.includes(reason)) last.reasons.push(reason);
      }
    } else {
      merged.push({ ...stretch, reasons: [...stretch.reasons] });
    }
  }
  return merged;
}

function countBudget(ledger: Ledger, days: DayCounter): Count {
  const { budgetDays, startedAt, horizon, stretches } = ledger;
  const pausedDaysPerStretch = stretches.map((s) => days.workingDaysBetween(s.from, s.end));
  const usedDays = days.workingDaysBetween(startedAt, horizon) - sum(pausedDaysPerStretch);
  const remaining = budgetDays - usedDays;
  const dueOn =
    remaining > 0 ? days.addWorkingDays(days.localDate(horizon), remaining) : budgetRanOutOn(ledger, days);
  return { usedDays, pausedDaysPerStretch, dueOn };
}

/** The day the budget was spent, found by walking the running spans between the pauses. */
function budgetRanOutOn(ledger: Ledger, days: DayCounter): IsoDate {
  const { budgetDays, startedAt, horizon, stretches } = ledger;
  let used = 0;
  let spanStart = startedAt;
  for (const next of [...stretches, { from: horizon, end: horizon }]) {
    const running = days.workingDaysBetween(spanStart, next.from);
    if (used + running >= budgetDays) {
      return days.addWorkingDays(days.localDate(spanStart), budgetDays - used);
    }
    used += running;
    spanStart = next.end;
  }
  throw new Error('budgetRanOutOn called with budget left');
}

// Shares of whole days meet fractional thresholds: the tolerance lets 10/15 count as two thirds however
// the floating point rounds.
const EPSILON = 1e-9;

function statusOf(
  reading: { budgetDays: number; usedDays: number; remainingDays: number; dueAt: Date },
  moment: { closedAt: Date | undefined; now: Date },
  thresholds: ClockThresholds,
): ClockStatus {
  if (moment.closedAt) return moment.closedAt <= reading.dueAt ? 'met' : 'missed';
  if (moment.now > reading.dueAt) return 'red';
  const usedShare = reading.usedDays / reading.budgetDays;
  if (
    reading.remainingDays <= thresholds.yellowRemainingDays ||
    usedShare >= thresholds.yellowUsedFraction - EPSILON
  ) {
    return 'yellow';
  }
  return 'on-track';
}

/**
 * The calendar, except that a year without data counts Monday–Friday as working days; every such year
 * consulted is added to `missing`. Day by day, so only used when the calendar itself cannot answer.
 */
function withWeekdayFallback(calendar: ClockCalendar, missing: Set<number>): DayCounter {
  const isWorkingDay = (day: number): boolean => {
    const year = yearOfDay(day);
    if (calendar.hasYear(year)) return calendar.isWorkingDay(isoDateOf(day));
    missing.add(year);
    return !isWeekendDay(day);
  };
  return {
    localDate: (instant) => calendar.localDate(instant),
    workingDaysBetween(from, to) {
      const last = dayNumber(calendar.localDate(to));
      let count = 0;
      for (let day = dayNumber(calendar.localDate(from)) + 1; day <= last; day += 1) {
        if (isWorkingDay(day)) count += 1;
      }
      return count;
    },
    addWorkingDays(date, n) {
      let day = dayNumber(date);
      for (let left = n; left > 0;) {
        day += 1;
        if (isWorkingDay(day)) left -= 1;
      }
      return isoDateOf(day);
    },
  };
}

function maxDate(a: Date, b: Date): Date {
  return a >= b ? a : b;
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
