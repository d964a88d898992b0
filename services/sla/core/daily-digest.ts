// 每日红灯摘要: the administrators' daily digest of the steps that turned red. Run by the SLA sweeper (same
// schedule, same clock): from 08:00 local time, once per day, the steps escalated (督办) during the previous local
// day are read from the escalation board's index (a range Query, no Scan) and recorded as ONE item
// `DIGEST#<date>` (Put if absent). Its stream record is the outbox's `daily-digest` event; the notification
// service tells each administrator. A second sweep finds the item and records nothing.
import type { WorkingCalendar } from '#shared/calendar/index';
import type { ApplicationRepository } from '#shared/data/ports';
import { DAILY_DIGEST_TYPE, DIGEST_MAX_STEPS, type DailyDigestEvent } from '#shared/outbox/envelope';

/** The local hour from which the day's digest is recorded (08:00 Beijing time). */
export const DIGEST_HOUR = 8;

export interface DigestDeps {
  repository: Pick<ApplicationRepository, 'listEscalatedBetween' | 'hasDailyDigest' | 'recordDailyDigest'>;
  calendar: Pick<WorkingCalendar, 'localDate' | 'startOfDay'>;
  now: () => Date;
}

export interface DigestWindow {
  /** The local day the digest is sent. */
  date: string;
  /** The previous local day, and its instants `[from, to)`. */
  day: string;
  from: string;
  to: string;
}

/** The digest due at `now`, or undefined before DIGEST_HOUR local time. */
export function digestWindowAt(calendar: DigestDeps['calendar'], now: Date): DigestWindow | undefined {
  const date = calendar.localDate(now);
  const today = calendar.startOfDay(date);
  if (now.getTime() - today.getTime() < DIGEST_HOUR * 3_600_000) return undefined;
  // The day before: the local date one millisecond before today began (the region keeps no daylight saving).
  const day = calendar.localDate(new Date(today.getTime() - 1));
  return { date, day, from: calendar.startOfDay(day).toISOString(), to: today.toISOString() };
}

export interface DigestResult {
  date: string;
  /** False when another run recorded it first. */
  recorded: boolean;
  steps: number;
}

/**
 * Records the day's digest when it is due and not recorded yet. A day with nothing red records an empty digest
 * (so later sweeps that day read one item and stop); the notification service sends nothing for it.
 */
export async function recordDailyDigest(deps: DigestDeps): Promise<DigestResult | undefined> {
  const now = deps.now();
  const window = digestWindowAt(deps.calendar, now);
  if (!window || (await deps.repository.hasDailyDigest(window.date))) return undefined;
  const escalated = await deps.repository.listEscalatedBetween(window.from, window.to);
  const digest: DailyDigestEvent = {
    type: DAILY_DIGEST_TYPE,
    eventId: `DIGEST#${window.date}`,
    date: window.date,
    day: window.day,
    from: window.from,
    to: window.to,
    at: now.toISOString(),
    steps: escalated.slice(0, DIGEST_MAX_STEPS).map((step) => ({
      applicationId: step.applicationId,
      stepId: step.stepId,
      department: step.department,
      kind: step.kind,
      escalatedAt: step.escalatedAt!,
    })),
    more: Math.max(0, escalated.length - DIGEST_MAX_STEPS),
  };
  const recorded = await deps.repository.recordDailyDigest(digest);
  return { date: window.date, recorded, steps: escalated.length };
}
