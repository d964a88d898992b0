// Property tests of "which reminders are due now" (reminders.ts) over random instants, due days and step
// openings in 2024–2025, on the official calendar (holidays, make-up working days): each reminder comes inside
// its window only, never twice once recorded, a gap is either due soon or overdue (never both), and a reminder
// whose moment passed is not sent late.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadOfficialCalendar } from '#shared/calendar/index';
import {
  DEFAULT_REMINDER_WINDOWS,
  dueGapReminders,
  dueStepReminder,
  gapMarker,
  stepMarker,
} from './reminders.ts';

const calendar = loadOfficialCalendar();
const MS_PER_DAY = 86_400_000;
const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2025, 10, 30);
const RUNS = { numRuns: 400 };

const instant = fc.integer({ min: FROM, max: TO }).map((ms) => new Date(ms));
const date = instant.map((d) => calendar.localDate(d));

/** Day-by-day reference: working days d with today < d ≤ the due day. */
function workingDaysAhead(now: Date, dueOn: string): number {
  let count = 0;
  for (let d = calendar.localDate(now); d < dueOn;) {
    d = calendar.localDate(new Date(calendar.startOfDay(d).getTime() + MS_PER_DAY + 3_600_000));
    if (d <= dueOn && calendar.isWorkingDay(d)) count += 1;
  }
  return count;
}

describe('dueGapReminders', () => {
  it('reminds of an open gap within 2 working days of its due day, then once overdue; never both, never early', () => {
    fc.assert(
      fc.property(instant, date, fc.constantFrom('fire-safety-plan', 'energy-report'), (now, dueOn, kind) => {
        const gap = { documentKind: kind, dueOn };
        const due = dueGapReminders({ gaps: [gap], now, calendar, recorded: new Set() });
        const overdue = now > calendar.endOfDay(dueOn);
        const soon = !overdue && workingDaysAhead(now, dueOn) <= DEFAULT_REMINDER_WINDOWS.gapDueWorkingDays;
        expect(due.map((r) => r.kind)).toEqual(overdue ? ['gap-overdue'] : soon ? ['gap-due-soon'] : []);
        for (const reminder of due) expect(reminder.marker).toBe(gapMarker(gap, reminder.kind));
      }),
      RUNS,
    );
  });

  it('returns nothing already recorded and nothing for a closed gap', () => {
    fc.assert(
      fc.property(
        instant,
        fc.array(fc.tuple(date, fc.boolean()), { minLength: 1, maxLength: 5 }),
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        (now, specs, keep) => {
          const gaps = specs.map(([dueOn, closed], i) => ({
            documentKind: `doc-${i}`,
            dueOn,
            ...(closed ? { closedAt: now.toISOString() } : {}),
          }));
          const all = dueGapReminders({ gaps, now, calendar, recorded: new Set() });
          const recorded = new Set(all.filter((_, i) => keep[i]).map((r) => r.marker));
          const left = dueGapReminders({ gaps, now, calendar, recorded });
          expect(left.map((r) => r.marker)).toEqual(all.map((r) => r.marker).filter((m) => !recorded.has(m)));
          const closedKinds = new Set(gaps.filter((g) => g.closedAt).map((g) => g.documentKind));
          expect(all.some((r) => closedKinds.has(r.documentKind!))).toBe(false);
        },
      ),
      RUNS,
    );
  });

  it('is recorded at most once per gap and kind over a whole run of sweeps (markers accumulate)', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 12 }), (dueOn, hoursBetweenSweeps) => {
        const gap = { documentKind: 'fire-safety-plan', dueOn };
        const recorded = new Set<string>();
        const sent: string[] = [];
        // Sweeps from 10 calendar days before the due day to 5 after, every few hours.
        const start = calendar.startOfDay(dueOn).getTime() - 10 * MS_PER_DAY;
        for (let t = start; t < start + 15 * MS_PER_DAY; t += hoursBetweenSweeps * 3_600_000) {
          for (const reminder of dueGapReminders({ gaps: [gap], now: new Date(t), calendar, recorded })) {
            recorded.add(reminder.marker);
            sent.push(reminder.kind);
          }
        }
        // Due soon comes first (the window always holds the due day itself), overdue after; once each.
        expect(sent).toEqual(['gap-due-soon', 'gap-overdue']);
      }),
      { numRuns: 150 },
    );
  });
});

describe('dueStepReminder', () => {
  it("reminds the window on an intake's last working day before Art. 32 deems it accepted, not before, not after", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 20 * 24 }), (openedAt, hoursLater) => {
        const now = new Date(openedAt.getTime() + hoursLater * 3_600_000);
        const step = {
          stepId: 'intake-1',
          kind: 'intake' as const,
          status: 'open' as const,
          openedAt: openedAt.toISOString(),
        };
        const reminder = dueStepReminder({
          step,
          now,
          calendar,
          recorded: new Set(),
          deemedAfterWorkingDays: 5,
        });
        const deemedAt = calendar.endOfNthWorkingDay(openedAt, 5);
        const fourthEnds = calendar.endOfNthWorkingDay(openedAt, 4);
        // Inside the window: one working day or fewer left (the 4th and the 5th working day), up to the instant.
        const expected = now <= deemedAt && workingDaysAhead(now, calendar.localDate(deemedAt)) <= 1;
        expect(reminder !== undefined).toBe(expected);
        if (reminder) {
          expect(reminder.kind).toBe('deemed-acceptance-near');
          expect(reminder.marker).toBe(stepMarker(step, 'deemed-acceptance-near'));
          // Never earlier than the 3rd working day's end: the clerks get it with a working day to spare at most.
          expect(now > calendar.endOfNthWorkingDay(openedAt, 3)).toBe(true);
        }
        // On the 5th working day itself it is always due.
        if (now > fourthEnds && now <= deemedAt) expect(reminder).toBeDefined();
        expect(
          dueStepReminder({
            step,
            now,
            calendar,
            recorded: new Set([stepMarker(step, 'deemed-acceptance-near')]),
            deemedAfterWorkingDays: 5,
          }),
        ).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('reminds of a verification due within 5 working days, and of no other step kind', () => {
    fc.assert(
      fc.property(
        instant,
        instant,
        fc.constantFrom('verification', 'review', 'gap-closure', 'enterprise-supplement'),
        fc.constantFrom('open', 'closed'),
        (now, dueAt, kind, status) => {
          const step = {
            stepId: 's-1',
            kind: kind as 'verification',
            status: status as 'open',
            openedAt: '2024-01-02T00:00:00.000Z',
            dueAt: dueAt.toISOString(),
          };
          const reminder = dueStepReminder({
            step,
            now,
            calendar,
            recorded: new Set(),
            deemedAfterWorkingDays: 5,
          });
          const inWindow =
            now <= dueAt &&
            workingDaysAhead(now, calendar.localDate(dueAt)) <=
              DEFAULT_REMINDER_WINDOWS.verificationDueWorkingDays;
          expect(reminder?.kind).toBe(
            kind === 'verification' && status === 'open' && inWindow ? 'verification-due-soon' : undefined,
          );
        },
      ),
      RUNS,
    );
  });
});
