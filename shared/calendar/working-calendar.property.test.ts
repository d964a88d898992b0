// Property tests: the indexed WorkingCalendar against a plain day-by-day reference built straight from the
// year files, over random dates and times of day in 2019–2026.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CalendarYearMissing,
  loadOfficialCalendar,
  officialYearSchedules,
  type WorkingCalendar,
} from './index.ts';

const MS_PER_DAY = 86_400_000;
const FIRST = Date.UTC(2019, 0, 1) / MS_PER_DAY;
const LAST = Date.UTC(2026, 11, 31) / MS_PER_DAY;
const RUNS = { numRuns: 500 };

/** Deliberately naive: sets of dates, Date arithmetic, one day at a time. */
class ReferenceCalendar {
  readonly #holidays = new Set<string>();
  readonly #makeup = new Set<string>();
  readonly #localRest: Set<string>;

  constructor(localRestDays: string[] = []) {
    for (const schedule of officialYearSchedules()) {
      for (const { date } of schedule.holidays) this.#holidays.add(date);
      for (const { date } of schedule.makeupWorkdays) this.#makeup.add(date);
    }
    this.#localRest = new Set(localRestDays);
  }

  isWorkingDay(date: string): boolean | 'missing' {
    const year = Number(date.slice(0, 4));
    if (year < 2019 || year > 2026) return 'missing';
    if (this.#localRest.has(date)) return false;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) return this.#makeup.has(date);
    return !this.#holidays.has(date);
  }

  addWorkingDays(date: string, n: number): string | 'missing' {
    let current = date;
    for (let found = 0; found < n;) {
      current = nextDate(current);
      const working = this.isWorkingDay(current);
      if (working === 'missing') return 'missing';
      if (working) found++;
    }
    return current;
  }

  /** Working days d with from < d ≤ to, negative when reversed. */
  workingDaysBetween(from: string, to: string): number {
    if (to < from) return 0 - this.workingDaysBetween(to, from);
    let count = 0;
    for (let current = nextDate(from); current <= to; current = nextDate(current)) {
      if (this.isWorkingDay(current) === true) count++;
    }
    return count;
  }
}

function nextDate(date: string): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + MS_PER_DAY).toISOString().slice(0, 10);
}

const dateArb = fc
  .integer({ min: FIRST, max: LAST })
  .map((day) => new Date(day * MS_PER_DAY).toISOString().slice(0, 10));
const timeOfDayArb = fc.integer({ min: 0, max: MS_PER_DAY - 1 });

/** A random instant whose local date (in the calendar's zone) is in 2019–2026. */
function instantArb(calendar: WorkingCalendar) {
  return fc
    .tuple(dateArb, timeOfDayArb)
    .map(([date, ms]) => new Date(calendar.startOfDay(date).getTime() + ms))
    .filter((instant) => {
      const year = Number(calendar.localDate(instant).slice(0, 4));
      return year >= 2019 && year <= 2026;
    });
}

const calendar = loadOfficialCalendar();
const reference = new ReferenceCalendar();

describe('WorkingCalendar properties', () => {
  it('isWorkingDay agrees with the schedule data', () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        expect(calendar.isWorkingDay(date)).toBe(reference.isWorkingDay(date));
      }),
      RUNS,
    );
  });

  it('agrees with the reference on every day of 2019–2026', () => {
    for (let day = FIRST; day <= LAST; day++) {
      const date = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
      if (calendar.isWorkingDay(date) !== reference.isWorkingDay(date)) {
        expect.fail(`${date}: calendar and reference disagree`);
      }
    }
  });

  it('addWorkingDays agrees with the reference, or names 2027 when it runs past the data', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 400 }), (date, n) => {
        const expected = reference.addWorkingDays(date, n);
        if (expected === 'missing') {
          expect(() => calendar.addWorkingDays(date, n)).toThrow(CalendarYearMissing);
        } else {
          expect(calendar.addWorkingDays(date, n)).toBe(expected);
        }
      }),
      RUNS,
    );
  });

  it('adding N working days then counting back gives N', () => {
    fc.assert(
      fc.property(instantArb(calendar), fc.integer({ min: 0, max: 60 }), timeOfDayArb, (start, n, ms) => {
        const startDate = calendar.localDate(start);
        fc.pre(reference.addWorkingDays(startDate, n) !== 'missing');
        const end = calendar.addWorkingDays(startDate, n);
        const later = new Date(calendar.startOfDay(end).getTime() + ms); // any time on that day
        expect(calendar.workingDaysBetween(start, later)).toBe(n);
        expect(calendar.workingDaysBetween(later, start)).toBe(0 - n); // 0, not -0, for n = 0
      }),
      RUNS,
    );
  });

  it('workingDaysBetween agrees with the day-by-day reference', () => {
    fc.assert(
      fc.property(instantArb(calendar), instantArb(calendar), (from, to) => {
        const expected = reference.workingDaysBetween(calendar.localDate(from), calendar.localDate(to));
        expect(calendar.workingDaysBetween(from, to)).toBe(expected);
      }),
      RUNS,
    );
  });

  it('counting is additive over adjacent intervals', () => {
    fc.assert(
      fc.property(instantArb(calendar), instantArb(calendar), instantArb(calendar), (a, b, c) => {
        expect(calendar.workingDaysBetween(a, b) + calendar.workingDaysBetween(b, c)).toBe(
          calendar.workingDaysBetween(a, c),
        );
      }),
      RUNS,
    );
  });

  it('endOfNthWorkingDay lands on the last millisecond of a working day, n working days on', () => {
    fc.assert(
      fc.property(instantArb(calendar), fc.integer({ min: 1, max: 60 }), (start, n) => {
        fc.pre(reference.addWorkingDays(calendar.localDate(start), n) !== 'missing');
        const due = calendar.endOfNthWorkingDay(start, n);
        const dueDate = calendar.localDate(due);
        expect(calendar.isWorkingDay(dueDate)).toBe(true);
        expect(calendar.localDate(new Date(due.getTime() + 1))).toBe(nextDate(dueDate));
        expect(calendar.workingDaysBetween(start, due)).toBe(n);
      }),
      RUNS,
    );
  });

  it('agrees with the reference when the region adds local rest days', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(dateArb, { maxLength: 20 }),
        dateArb,
        fc.integer({ min: 0, max: 60 }),
        (localRestDays, date, n) => {
          const regional = calendar.withLocalRestDays(localRestDays);
          const regionalReference = new ReferenceCalendar(localRestDays);
          expect(regional.isWorkingDay(date)).toBe(regionalReference.isWorkingDay(date));
          const expected = regionalReference.addWorkingDays(date, n);
          if (expected !== 'missing') expect(regional.addWorkingDays(date, n)).toBe(expected);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe.each([
  'Asia/Shanghai',
  'America/New_York',
  'America/Santiago',
  'Europe/London',
  'Australia/Lord_Howe',
])('local dates in %s', (timeZone) => {
  const zoned = loadOfficialCalendar({ timeZone });
  const intlDate = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });

  it('localDate agrees with Intl', () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST * MS_PER_DAY, max: (LAST + 1) * MS_PER_DAY - 1 }), (ms) => {
        expect(zoned.localDate(new Date(ms))).toBe(intlDate.format(new Date(ms)));
      }),
      RUNS,
    );
  });

  it('startOfDay and endOfDay bound exactly the instants of that local date', () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        const start = zoned.startOfDay(date).getTime();
        const end = zoned.endOfDay(date).getTime();
        expect(zoned.localDate(new Date(start))).toBe(date);
        expect(zoned.localDate(new Date(start - 1))).not.toBe(date);
        expect(zoned.localDate(new Date(end))).toBe(date);
        expect(zoned.localDate(new Date(end + 1))).toBe(nextDate(date));
      }),
      RUNS,
    );
  });
});
