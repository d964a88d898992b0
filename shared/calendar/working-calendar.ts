// The official working-day calendar (工作日历) that every time limit (限时办结) is measured against: weekends
// rest except make-up working days (调休上班日), public holidays rest, a region may add local rest days, and a
// deadline ends at the end of its last working day in the region's time zone. Immutable: a changed schedule
// is a new calendar with a new `version`, which deadlines are stamped with so they can be recomputed.
import { ValidationError, type FieldIssue } from '#shared/errors';
import { CalendarYearMissing } from './calendar-year-missing.ts';
import { contentHash } from './content-hash.ts';
import {
  dayNumber,
  dayNumberOf,
  daysInYear,
  isoDateOf,
  isWeekendDay,
  tryDayNumber,
  yearOfDay,
  type IsoDate,
} from './iso-date.ts';
import { checkYearSchedule, type YearSchedule } from './schedule.ts';
import { ZoneClock } from './zone-clock.ts';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export interface WorkingCalendarOptions {
  /** Official schedules, at most one per year. */
  years: YearSchedule[];
  /** The region's extra rest days; they rest even when the national schedule says work. */
  localRestDays?: IsoDate[];
  /** IANA zone deadlines are measured in. @default 'Asia/Shanghai' */
  timeZone?: string;
}

/** Working days of one loaded year, as a running count so any span is counted in constant time per year. */
interface YearIndex {
  /** Day number of 1 January. */
  readonly first: number;
  readonly length: number;
  /** cumulative[i] = working days among the year's first i days; cumulative[length] is the year's total. */
  readonly cumulative: Int32Array;
}

export class WorkingCalendar {
  readonly timeZone: string;
  /** Short stable hash of the schedules, local rest days and zone; stamp every computed deadline with it. */
  readonly version: string;
  readonly #schedules: ReadonlyMap<number, YearSchedule>;
  readonly #localRestDays: readonly IsoDate[];
  readonly #index: ReadonlyMap<number, YearIndex>;
  readonly #clock: ZoneClock;

  /** @throws ValidationError (paths like `years.0.makeupWorkdays.1.date`, `localRestDays.2`, `timeZone`). */
  constructor(options: WorkingCalendarOptions) {
    const issues: FieldIssue[] = [];
    const schedules = new Map<number, YearSchedule>();
    options.years.forEach((schedule, i) => {
      const checked = checkYearSchedule(schedule, `years.${i}.`);
      if (!checked.schedule) {
        issues.push(...checked.issues);
        return;
      }
      const normalized = normalizeSchedule(checked.schedule);
      if (schedules.has(normalized.year)) {
        issues.push({ path: `years.${i}.year`, message: `${normalized.year} is given more than once` });
      }
      schedules.set(normalized.year, normalized);
    });
    const localRestDays = options.localRestDays ?? [];
    localRestDays.forEach((date, i) => {
      if (typeof date !== 'string' || tryDayNumber(date) === undefined) {
        issues.push({ path: `localRestDays.${i}`, message: 'must be a real date in YYYY-MM-DD form' });
      }
    });
    let clock: ZoneClock | undefined;
    try {
      clock = new ZoneClock(options.timeZone ?? DEFAULT_TIME_ZONE);
    } catch {
      issues.push({ path: 'timeZone', message: `"${options.timeZone}" is not a known IANA time zone` });
    }
    if (issues.length > 0 || !clock) throw new ValidationError('The working-day calendar is invalid', issues);

    this.#clock = clock;
    this.timeZone = clock.timeZone;
    this.#schedules = new Map([...schedules].sort(([a], [b]) => a - b));
    this.#localRestDays = Object.freeze([...new Set(localRestDays)].sort());
    const localRest = new Set(this.#localRestDays.map(dayNumber));
    this.#index = new Map(
      [...this.#schedules].map(([year, schedule]) => [year, indexYear(schedule, localRest)]),
    );
    this.version = contentHash(
      JSON.stringify({
        timeZone: this.timeZone,
        localRestDays: this.#localRestDays,
        years: [...this.#schedules.values()],
      }),
    );
    Object.freeze(this);
  }

  loadedYears(): number[] {
    return [...this.#schedules.keys()];
  }

  hasYear(year: number): boolean {
    return this.#schedules.has(year);
  }

  /** The loaded schedule of a year (dates sorted), or undefined. */
  yearSchedule(year: number): YearSchedule | undefined {
    return this.#schedules.get(year);
  }

  /** The region's local rest days, sorted. */
  localRestDays(): IsoDate[] {
    return [...this.#localRestDays];
  }

  /** A new calendar with this year's schedule added, or replacing the one loaded. */
  withYear(schedule: YearSchedule): WorkingCalendar {
    const others = [...this.#schedules.values()].filter((loaded) => loaded.year !== schedule.year);
    return new WorkingCalendar({
      years: [...others, schedule],
      localRestDays: [...this.#localRestDays],
      timeZone: this.timeZone,
    });
  }

  /** A new calendar whose local rest days are exactly `dates` (the region's whole list, not an addition). */
  withLocalRestDays(dates: IsoDate[]): WorkingCalendar {
    return new WorkingCalendar({
      years: [...this.#schedules.values()],
      localRestDays: dates,
      timeZone: this.timeZone,
    });
  }

  /** Weekdays work unless a holiday or local rest day; weekend days rest unless a make-up working day. */
  isWorkingDay(date: IsoDate): boolean {
    const day = dayNumber(date);
    const year = this.#need(yearOfDay(day));
    const i = day - year.first;
    return year.cumulative[i + 1]! - year.cumulative[i]! === 1;
  }

  /** The n-th working day strictly after `date`; n = 0 returns `date`. */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    return isoDateOf(this.#addWorkingDays(dayNumber(date), n));
  }

  /**
   * Working days d with localDate(from) < d ≤ localDate(to): the start day is not counted (counting begins
   * the next day). Negative when `to` is before `from`, so spans add up.
   */
  workingDaysBetween(from: Date, to: Date): number {
    const start = this.#clock.localDay(instantOf(from, 'from'));
    const end = this.#clock.localDay(instantOf(to, 'to'));
    if (start === end) return 0;
    // `0 - n` rather than `-n`: an empty reversed span is 0, not -0.
    return start < end ? this.#countInclusive(start + 1, end) : 0 - this.#countInclusive(end + 1, start);
  }

  localDate(instant: Date): IsoDate {
    return isoDateOf(this.#clock.localDay(instantOf(instant, 'instant')));
  }

  /** The first instant of that local day in the calendar's zone. */
  startOfDay(date: IsoDate): Date {
    return new Date(this.#clock.startOfDay(dayNumber(date)));
  }

  /** The last millisecond of that local day in the calendar's zone: when a deadline on that day falls. */
  endOfDay(date: IsoDate): Date {
    return new Date(this.#clock.endOfDay(dayNumber(date)));
  }

  /** endOfDay(addWorkingDays(localDate(start), n)): the due instant of an n-working-day budget. */
  endOfNthWorkingDay(start: Date, n: number): Date {
    const startDay = this.#clock.localDay(instantOf(start, 'start'));
    return new Date(this.#clock.endOfDay(this.#addWorkingDays(startDay, n)));
  }

  #need(year: number): YearIndex {
    const index = this.#index.get(year);
    if (!index) throw new CalendarYearMissing(year);
    return index;
  }

  #addWorkingDays(day: number, n: number): number {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`The number of working days must be a whole number ≥ 0, got ${n}`);
    }
    if (n === 0) return day;
    let remaining = n;
    let next = day + 1;
    for (;;) {
      const year = this.#need(yearOfDay(next));
      const before = year.cumulative[next - year.first]!;
      const available = year.cumulative[year.length]! - before;
      if (remaining <= available) {
        // The first position whose running count reaches the target is the day itself.
        const target = before + remaining;
        let low = next - year.first + 1;
        let high = year.length;
        while (low < high) {
          const middle = (low + high) >>> 1;
          if (year.cumulative[middle]! >= target) high = middle;
          else low = middle + 1;
        }
        return year.first + low - 1;
      }
      remaining -= available;
      next = year.first + year.length;
    }
  }

  /** Working days in [start, end], start ≤ end; every year touched must be loaded. */
  #countInclusive(start: number, end: number): number {
    const startYear = yearOfDay(start);
    const endYear = yearOfDay(end);
    const first = this.#need(startYear);
    if (startYear === endYear) {
      return first.cumulative[end - first.first + 1]! - first.cumulative[start - first.first]!;
    }
    let count = first.cumulative[first.length]! - first.cumulative[start - first.first]!;
    for (let year = startYear + 1; year < endYear; year++) {
      const index = this.#need(year);
      count += index.cumulative[index.length]!;
    }
    const last = this.#need(endYear);
    return count + last.cumulative[end - last.first + 1]!;
  }
}

function indexYear(schedule: YearSchedule, localRest: ReadonlySet<number>): YearIndex {
  const first = dayNumberOf(schedule.year, 1, 1);
  const length = daysInYear(schedule.year);
  const holidays = new Set(schedule.holidays.map(({ date }) => dayNumber(date)));
  const makeup = new Set(schedule.makeupWorkdays.map(({ date }) => dayNumber(date)));
  const cumulative = new Int32Array(length + 1);
  for (let i = 0; i < length; i++) {
    const day = first + i;
    const working = localRest.has(day) ? false : isWeekendDay(day) ? makeup.has(day) : !holidays.has(day);
    cumulative[i + 1] = cumulative[i]! + (working ? 1 : 0);
  }
  return { first, length, cumulative };
}

/** A private, frozen copy with dates sorted, so the version does not depend on input order. */
function normalizeSchedule(schedule: YearSchedule): YearSchedule {
  const byDate = (a: { date: string }, b: { date: string }) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
  return Object.freeze({
    year: schedule.year,
    holidays: Object.freeze(schedule.holidays.map((day) => Object.freeze({ ...day })).sort(byDate)),
    makeupWorkdays: Object.freeze(
      schedule.makeupWorkdays.map((day) => Object.freeze({ ...day })).sort(byDate),
    ),
    source: schedule.source,
  }) as YearSchedule;
}

function instantOf(value: Date, name: string): number {
  const time = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(time)) throw new RangeError(`${name} must be a valid Date`);
  return time;
}
