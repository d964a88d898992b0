import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadOfficialCalendar, type IsoDate } from '#shared/calendar/index';
import {
  readStepClock,
  type ClockPause,
  type ClockStatus,
  type PauseReason,
  type StepClockInput,
} from './clock.ts';

const calendar = loadOfficialCalendar();
const DAY_MS = 86_400_000;
const REASONS: PauseReason[] = ['supplement', 'hearing', 'testing', 'inspection', 'expert-review'];

const instantBetween = (min: string, max: string) =>
  fc.date({ min: new Date(`${min}+08:00`), max: new Date(`${max}+08:00`), noInvalidDate: true });

/** A pause around `start`: it may begin before the clock, overlap others, or still be open. */
const pauseNear = (start: Date): fc.Arbitrary<ClockPause> =>
  fc
    .record(
      {
        offset: fc.integer({ min: -5 * DAY_MS, max: 60 * DAY_MS }),
        length: fc.option(fc.integer({ min: 0, max: 20 * DAY_MS }), { nil: undefined }),
        reason: fc.constantFrom(...REASONS),
      },
      { requiredKeys: ['offset', 'reason'] },
    )
    .map(({ offset, length, reason }) => {
      const from = new Date(start.getTime() + offset);
      return length === undefined
        ? { from, reason }
        : { from, to: new Date(from.getTime() + length), reason };
    });

const after = (start: Date, maxDays: number) =>
  fc.integer({ min: 0, max: maxDays * DAY_MS }).map((ms) => new Date(start.getTime() + ms));

/**
 * A ledger starting at a random instant in [min, max]. Starts up to mid-2026 keep every reading inside the
 * loaded years; later ones reach into 2027 and exercise provisional readings.
 */
const ledger = (max = '2026-06-30T23:59:59') =>
  instantBetween('2019-01-01T00:00:00', max).chain((startedAt) =>
    fc.record(
      {
        budgetDays: fc.integer({ min: 1, max: 30 }),
        startedAt: fc.constant(startedAt),
        pauses: fc.array(pauseNear(startedAt), { maxLength: 5 }),
        now: after(startedAt, 90),
        closedAt: fc.option(after(startedAt, 90), { nil: undefined }),
      },
      { requiredKeys: ['budgetDays', 'startedAt', 'pauses', 'now'] },
    ),
  );

describe('readStepClock', () => {
  it('agrees with a plain day-by-day count', () => {
    fc.assert(
      fc.property(ledger('2026-12-31T23:59:59'), (input) => {
        // Act
        const reading = readStepClock(input, calendar);

        // Assess
        const expected = referenceReading(input);
        expect({
          usedDays: reading.usedDays,
          pausedDays: reading.pausedDays,
          remainingDays: reading.remainingDays,
          dueOn: reading.dueOn,
          dueAt: reading.dueAt,
          status: reading.status,
          paused: reading.paused,
          provisional: reading.provisional,
          missingYears: reading.missingYears,
        }).toEqual(expected);
      }),
    );
  });

  it('never counts more days used because of pauses', () => {
    fc.assert(
      fc.property(ledger(), (input) => {
        const unpaused = readStepClock({ ...input, pauses: [] }, calendar);
        const paused = readStepClock(input, calendar);
        expect(paused.usedDays).toBeLessThanOrEqual(unpaused.usedDays);
      }),
    );
  });

  it('keeps days used plus days left equal to the budget while open', () => {
    fc.assert(
      fc.property(ledger(), (input) => {
        const reading = readStepClock({ ...input, closedAt: undefined }, calendar);
        expect(reading.usedDays + reading.remainingDays).toBe(input.budgetDays);
      }),
    );
  });

  it('never moves the due instant earlier when a pause is added', () => {
    fc.assert(
      fc.property(
        ledger().chain((input) => fc.tuple(fc.constant(input), pauseNear(input.startedAt as Date))),
        ([input, extra]) => {
          const before = readStepClock(input, calendar);
          const withExtra = readStepClock({ ...input, pauses: [...input.pauses, extra] }, calendar);
          expect(withExtra.dueAt.getTime()).toBeGreaterThanOrEqual(before.dueAt.getTime());
        },
      ),
    );
  });

  it('is due at endOfNthWorkingDay(start, budget) when nothing paused it', () => {
    fc.assert(
      fc.property(ledger(), (input) => {
        const reading = readStepClock({ ...input, pauses: [] }, calendar);
        expect(reading.dueAt).toEqual(calendar.endOfNthWorkingDay(input.startedAt as Date, input.budgetDays));
      }),
    );
  });

  it('counts overlapping pauses once', () => {
    const withNested = ledger().chain((input) =>
      fc.tuple(
        fc.constant(input),
        pauseNear(input.startedAt as Date),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
      ),
    );
    fc.assert(
      fc.property(withNested, ([input, outer, a, b]) => {
        // Prepare: the same pauses twice, and a pause inside another
        const outerEnd = (outer.to ?? input.now).getTime();
        const span = Math.max(0, outerEnd - outer.from.getTime());
        const inner: ClockPause = {
          from: new Date(outer.from.getTime() + Math.min(a, b) * span),
          to: new Date(outer.from.getTime() + Math.max(a, b) * span),
          reason: 'expert-review',
        };
        const pauses = [...input.pauses, outer];

        // Act
        const once = readStepClock({ ...input, pauses }, calendar);
        const twice = readStepClock({ ...input, pauses: [...pauses, ...pauses] }, calendar);
        const nested = readStepClock({ ...input, pauses: [...pauses, inner] }, calendar);

        // Assess
        for (const reading of [twice, nested]) {
          expect(reading.usedDays).toBe(once.usedDays);
          expect(reading.pausedDays).toBe(once.pausedDays);
          expect(reading.dueAt).toEqual(once.dueAt);
        }
        expect(sumOf(once.pausedIntervals.map((interval) => interval.workingDays))).toBe(once.pausedDays);
      }),
    );
  });
});

/**
 * The clock's rules restated as directly as possible: mark each paused day, then walk the days one by one.
 * Years without data count weekdays as working days and are reported as missing.
 */
function referenceReading(input: StepClockInput) {
  const startedAt = input.startedAt as Date;
  const missing = new Set<number>();
  const isWorkingDay = (day: IsoDate) => {
    const year = Number(day.slice(0, 4));
    if (calendar.hasYear(year)) return calendar.isWorkingDay(day);
    missing.add(year);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  };

  const closedAt = input.closedAt && input.closedAt <= input.now ? input.closedAt : undefined;
  const asOf = closedAt ?? input.now;
  const first = calendar.localDate(startedAt);
  const last = calendar.localDate(asOf);

  // A pause takes the days after the one it starts on, up to and including the one it ends on.
  const pausedDays = new Set<IsoDate>();
  for (const pause of input.pauses) {
    if (pause.from > asOf) continue;
    const end = pause.to === undefined || pause.to > asOf ? asOf : pause.to;
    for (
      let day = nextDay(calendar.localDate(pause.from));
      day <= calendar.localDate(end);
      day = nextDay(day)
    ) {
      pausedDays.add(day);
    }
  }

  let usedDays = 0;
  let paused = 0;
  for (let day = nextDay(first); day <= last; day = nextDay(day)) {
    if (!isWorkingDay(day)) continue;
    if (pausedDays.has(day)) paused += 1;
    else usedDays += 1;
  }

  // The budget runs out on its n-th counted day; after `asOf` every working day counts.
  let dueOn = first;
  for (let counted = 0; counted < input.budgetDays;) {
    dueOn = nextDay(dueOn);
    if (isWorkingDay(dueOn) && !(dueOn <= last && pausedDays.has(dueOn))) counted += 1;
  }
  const dueAt = calendar.endOfDay(dueOn);

  const remainingDays = input.budgetDays - usedDays;
  let status: ClockStatus;
  if (closedAt) status = closedAt <= dueAt ? 'met' : 'missed';
  else if (input.now > dueAt) status = 'red';
  else if (remainingDays <= 1 || 3 * usedDays >= 2 * input.budgetDays) status = 'yellow';
  else status = 'on-track';

  const isPausedNow =
    !closedAt &&
    input.pauses.some((pause) => pause.from <= input.now && (pause.to === undefined || pause.to > input.now));

  return {
    usedDays,
    pausedDays: paused,
    remainingDays,
    dueOn,
    dueAt,
    status,
    paused: isPausedNow,
    provisional: missing.size > 0,
    missingYears: [...missing].sort((a, b) => a - b),
  };
}

function nextDay(day: IsoDate): IsoDate {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

function sumOf(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
