// Which deadline reminders (提醒) are due now: pure functions of the instant, the working-day calendar and what
// was recorded already. The sweep records each reminder once (a marker and its audit event in one transaction;
// the outbox carries the event to the notification service), so these only say what is due and not yet recorded.
//
// - a tolerated gap (容缺) due within 2 working days, and once its due day has ended, overdue;
// - an intake nearing deemed acceptance (行政许可法 Art. 32): its last working day before the system accepts it;
// - a commitment verification (承诺核查) due within 5 working days.
// A reminder whose moment has passed is not sent late: a gap already overdue gets the overdue notice only, an
// intake already deemed accepted gets nothing (the acceptance itself tells everyone).
import type { WorkingCalendar } from '#shared/calendar/index';
import type { Step, ToleratedGap } from '#shared/model';

export const reminderKinds = [
  'gap-due-soon', // 容缺材料即将到期
  'gap-overdue', // 容缺材料逾期
  'deemed-acceptance-near', // Art. 32: 即将视为受理
  'verification-due-soon', // 承诺核查即将到期
] as const;
export type ReminderKind = (typeof reminderKinds)[number];

/** How early each reminder comes, in working days before its deadline (configurable per region). */
export interface ReminderWindows {
  /** @default 2 (the issue: "a tolerated gap due in 2 working days") */
  gapDueWorkingDays: number;
  /** @default 1: the intake's last working day before deemed acceptance */
  deemedAcceptanceWorkingDays: number;
  /** @default 5 */
  verificationDueWorkingDays: number;
}

export const DEFAULT_REMINDER_WINDOWS: ReminderWindows = {
  gapDueWorkingDays: 2,
  deemedAcceptanceWorkingDays: 1,
  verificationDueWorkingDays: 5,
};

export interface DueReminder {
  kind: ReminderKind;
  /**
   * The marker's name, unique per application: the same reminder always has the same name, so it is recorded
   * once whichever sweep finds it. A gap's due date is part of it (a gap tolerated again later is new).
   */
  marker: string;
  /** The instant the reminder is about (a gap's end of due day, a step's due or deemed-acceptance instant). */
  deadline: Date;
  documentKind?: string;
  dueOn?: string;
  stepId?: string;
}

export type ReminderCalendar = Pick<
  WorkingCalendar,
  'workingDaysBetween' | 'startOfDay' | 'endOfDay' | 'endOfNthWorkingDay'
>;

/** `before(deadline)` within `days` working days: today or a later day no more than `days` working days ahead. */
function within(calendar: ReminderCalendar, now: Date, deadline: Date, days: number): boolean {
  return now <= deadline && calendar.workingDaysBetween(now, deadline) <= days;
}

/** The tolerated gaps' reminders due now and not yet recorded (`recorded`: marker names). */
export function dueGapReminders(input: {
  gaps: readonly ToleratedGap[];
  now: Date;
  calendar: ReminderCalendar;
  recorded: ReadonlySet<string>;
  windows?: Partial<ReminderWindows>;
}): DueReminder[] {
  const { now, calendar, recorded } = input;
  const windows = { ...DEFAULT_REMINDER_WINDOWS, ...input.windows };
  const due: DueReminder[] = [];
  for (const gap of input.gaps) {
    if (gap.closedAt !== undefined) continue;
    const deadline = calendar.endOfDay(gap.dueOn);
    const base = { deadline, documentKind: gap.documentKind, dueOn: gap.dueOn };
    const overdue = gapMarker(gap, 'gap-overdue');
    const soon = gapMarker(gap, 'gap-due-soon');
    if (now > deadline) {
      if (!recorded.has(overdue)) due.push({ kind: 'gap-overdue', marker: overdue, ...base });
    } else if (
      !recorded.has(soon) &&
      // Counted to the start of the due day: "due in 2 working days" is the day before the day before.
      calendar.workingDaysBetween(now, calendar.startOfDay(gap.dueOn)) <= windows.gapDueWorkingDays
    ) {
      due.push({ kind: 'gap-due-soon', marker: soon, ...base });
    }
  }
  return due;
}

export const gapMarker = (gap: Pick<ToleratedGap, 'documentKind' | 'dueOn'>, kind: ReminderKind): string =>
  `${kind}#${gap.documentKind}#${gap.dueOn}`;

export const stepMarker = (step: Pick<Step, 'stepId'>, kind: ReminderKind): string =>
  `${kind}#${step.stepId}`;

/**
 * The step's reminder due now and not yet recorded, if any: an open intake's last working day before Art. 32
 * deems it accepted (`deemedAfterWorkingDays` after it opened), an open verification's last working days.
 */
export function dueStepReminder(input: {
  step: Pick<Step, 'stepId' | 'kind' | 'status' | 'openedAt' | 'dueAt'>;
  now: Date;
  calendar: ReminderCalendar;
  recorded: ReadonlySet<string>;
  deemedAfterWorkingDays: number;
  windows?: Partial<ReminderWindows>;
}): DueReminder | undefined {
  const { step, now, calendar, recorded } = input;
  const windows = { ...DEFAULT_REMINDER_WINDOWS, ...input.windows };
  if (step.status !== 'open') return undefined;
  let kind: ReminderKind;
  let deadline: Date;
  let days: number;
  if (step.kind === 'intake') {
    kind = 'deemed-acceptance-near';
    deadline = calendar.endOfNthWorkingDay(new Date(step.openedAt), input.deemedAfterWorkingDays);
    days = windows.deemedAcceptanceWorkingDays;
  } else if (step.kind === 'verification' && step.dueAt !== undefined) {
    kind = 'verification-due-soon';
    deadline = new Date(step.dueAt);
    days = windows.verificationDueWorkingDays;
  } else {
    return undefined;
  }
  const marker = stepMarker(step, kind);
  if (recorded.has(marker) || !within(calendar, now, deadline, days)) return undefined;
  return { kind, marker, deadline, stepId: step.stepId };
}

/** The largest window, so the sweep reads every step a reminder may be due for. */
export function largestStepWindow(windows: Partial<ReminderWindows> = {}): number {
  const all = { ...DEFAULT_REMINDER_WINDOWS, ...windows };
  return Math.max(all.deemedAcceptanceWorkingDays, all.verificationDueWorkingDays);
}
