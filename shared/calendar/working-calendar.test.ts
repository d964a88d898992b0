import { describe, expect, it } from 'vitest';
import { DomainError, ValidationError } from '#shared/errors';
import {
  CalendarYearMissing,
  loadOfficialCalendar,
  officialYearSchedules,
  WorkingCalendar,
  type YearSchedule,
} from './index.ts';

const calendar = loadOfficialCalendar();

/** An instant given as Beijing wall-clock time. */
function beijing(localDateTime: string): Date {
  return new Date(`${localDateTime}+08:00`);
}

function caught(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('isWorkingDay', () => {
  it.each([
    ['2024-02-04', 'make-up Sunday before the Spring Festival'],
    ['2024-02-18', 'make-up Sunday after the Spring Festival'],
    ['2024-09-29', 'make-up Sunday before National Day'],
    ['2024-10-12', 'make-up Saturday after National Day'],
    ['2019-04-28', 'make-up Sunday added by the 2019 Labour Day change'],
    ['2019-05-05', 'make-up Sunday added by the 2019 Labour Day change'],
    ['2020-01-19', 'make-up Sunday before the 2020 Spring Festival'],
    ['2020-02-03', 'first working day after the 2020 extension'],
    ['2026-01-04', 'make-up Sunday after New Year 2026'],
    ['2024-10-08', 'an ordinary Tuesday'],
  ])('treats %s as a working day (%s)', (date) => {
    expect(calendar.isWorkingDay(date)).toBe(true);
  });

  it.each([
    ['2024-10-01'],
    ['2024-10-02'],
    ['2024-10-03'],
    ['2024-10-04'],
    ['2024-10-05'],
    ['2024-10-06'],
    ['2024-10-07'],
  ])('treats %s (National Day break) as a rest day', (date) => {
    expect(calendar.isWorkingDay(date)).toBe(false);
  });

  it.each([
    ['2020-01-31', 'a Friday added by the 2020 Spring Festival extension'],
    ['2020-02-01', 'the Saturday whose make-up work the 2020 extension cancelled'],
    ['2019-05-02', 'a Thursday added by the 2019 Labour Day change'],
    ['2019-05-03', 'a Friday added by the 2019 Labour Day change'],
    ['2025-01-28', 'Spring Festival Eve, statutory since 2025'],
    ['2022-12-31', 'the 2023 New Year break reaching into 2022'],
    ['2024-10-13', 'an ordinary Sunday'],
  ])('treats %s as a rest day (%s)', (date) => {
    expect(calendar.isWorkingDay(date)).toBe(false);
  });

  it('honours a local rest day on a weekday', () => {
    // Prepare: 2024-04-03 is a Wednesday
    const regional = calendar.withLocalRestDays(['2024-04-03']);

    // Act / Assess
    expect(calendar.isWorkingDay('2024-04-03')).toBe(true);
    expect(regional.isWorkingDay('2024-04-03')).toBe(false);
    // Apr 4–6 is Qingming and Apr 7 a make-up Sunday: the next working day after Apr 2 becomes Apr 7.
    expect(regional.addWorkingDays('2024-04-02', 1)).toBe('2024-04-07');
    expect(calendar.addWorkingDays('2024-04-02', 1)).toBe('2024-04-03');
  });

  it('lets a local rest day override a national make-up working day', () => {
    // Prepare
    const regional = loadOfficialCalendar({ localRestDays: ['2024-04-07'] });

    // Act / Assess
    expect(regional.isWorkingDay('2024-04-07')).toBe(false);
  });

  it('rejects a malformed date as a programming error', () => {
    expect(() => calendar.isWorkingDay('2024-02-30')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('20240204')).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('puts 15 working days from acceptance on 2024-09-27 after the National Day break', () => {
    // Sep 29 (make-up Sun) 1, Sep 30 2, [Oct 1–7 off], Oct 8–11 3–6, Oct 12 (make-up Sat) 7,
    // Oct 14–18 8–12, Oct 21–23 13–15.
    expect(calendar.addWorkingDays('2024-09-27', 15)).toBe('2024-10-23');
  });

  it('skips the whole 2020 Spring Festival extension', () => {
    // Jan 19 (make-up Sun) is the only working day between Jan 17 and Feb 3.
    expect(calendar.addWorkingDays('2020-01-17', 1)).toBe('2020-01-19');
    expect(calendar.addWorkingDays('2020-01-17', 4)).toBe('2020-01-22');
    expect(calendar.addWorkingDays('2020-01-17', 6)).toBe('2020-02-03');
  });

  it('counts from the next day, so one working day after a Friday is the Monday', () => {
    expect(calendar.addWorkingDays('2024-03-08', 1)).toBe('2024-03-11');
  });

  it('crosses a year boundary', () => {
    // 2024-12-31 (Tue), 2025-01-01 holiday, Jan 2 (Thu) 1, Jan 3 (Fri) 2, Jan 6 (Mon) 3
    expect(calendar.addWorkingDays('2024-12-30', 4)).toBe('2025-01-06');
  });

  it('returns the date itself for n = 0, even on a rest day', () => {
    expect(calendar.addWorkingDays('2024-10-03', 0)).toBe('2024-10-03');
  });

  it.each([[-1], [1.5], [Number.NaN]])('rejects n = %s', (n) => {
    expect(() => calendar.addWorkingDays('2024-10-03', n)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after the start day up to and including the end day', () => {
    // Prepare: accepted Friday 2024-09-27, evaluated on the 15th working day
    const accepted = beijing('2024-09-27T10:00:00');

    // Act / Assess
    expect(calendar.workingDaysBetween(accepted, beijing('2024-10-23T09:00:00'))).toBe(15);
    expect(calendar.workingDaysBetween(accepted, beijing('2024-10-22T23:59:59.999'))).toBe(14);
    expect(calendar.workingDaysBetween(accepted, beijing('2024-09-27T23:59:59.999'))).toBe(0);
  });

  it('is negative when to is before from', () => {
    expect(calendar.workingDaysBetween(beijing('2024-10-23T09:00:00'), beijing('2024-09-27T10:00:00'))).toBe(
      -15,
    );
  });

  it('uses local dates in the calendar zone, not UTC dates', () => {
    // 2024-09-29T16:30Z is already Monday 30 September in Beijing.
    const from = beijing('2024-09-29T12:00:00');
    const to = new Date('2024-09-29T16:30:00Z');

    // Act / Assess
    expect(calendar.localDate(to)).toBe('2024-09-30');
    expect(calendar.workingDaysBetween(from, to)).toBe(1);
  });

  it('counts a whole year', () => {
    // 2024: 262 weekdays − 19 weekday holidays (Jan 1; Feb 12–16; Apr 4–5; May 1–3; Jun 10; Sep 16–17;
    // Oct 1–4, 7) + 8 make-up weekend days = 251.
    expect(calendar.workingDaysBetween(beijing('2023-12-31T12:00:00'), beijing('2024-12-31T12:00:00'))).toBe(
      251,
    );
  });

  it('does not need the start day’s year when nothing in it is counted', () => {
    // The start day 2018-12-31 itself is never counted, so 2018's schedule is not needed.
    expect(calendar.workingDaysBetween(beijing('2018-12-31T18:00:00'), beijing('2019-01-03T09:00:00'))).toBe(
      2,
    );
  });
});

describe('endOfNthWorkingDay', () => {
  it('falls at the last millisecond of the last working day in Beijing', () => {
    // Act
    const due = calendar.endOfNthWorkingDay(beijing('2024-09-27T10:00:00'), 15);

    // Assess
    expect(due.toISOString()).toBe('2024-10-23T15:59:59.999Z');
  });

  it('falls at the end of the local day in another region’s zone', () => {
    // Prepare
    const newYork = loadOfficialCalendar({ timeZone: 'America/New_York' });

    // Act: 2024-10-23 00:00 in New York is 04:00Z (EDT)
    const due = newYork.endOfNthWorkingDay(new Date('2024-09-27T14:00:00Z'), 15);

    // Assess
    expect(due.toISOString()).toBe('2024-10-24T03:59:59.999Z');
  });
});

describe('localDate, startOfDay, endOfDay', () => {
  it('convert between instants and Beijing dates', () => {
    expect(calendar.localDate(new Date('2024-09-30T15:59:59.999Z'))).toBe('2024-09-30');
    expect(calendar.localDate(new Date('2024-09-30T16:00:00.000Z'))).toBe('2024-10-01');
    expect(calendar.startOfDay('2024-10-01').toISOString()).toBe('2024-09-30T16:00:00.000Z');
    expect(calendar.endOfDay('2024-10-01').toISOString()).toBe('2024-10-01T15:59:59.999Z');
  });

  it('do not need the year’s schedule', () => {
    expect(calendar.endOfDay('2030-06-01').toISOString()).toBe('2030-06-01T15:59:59.999Z');
  });

  it('reject an invalid Date', () => {
    expect(() => calendar.localDate(new Date('nonsense'))).toThrow(RangeError);
    expect(() => calendar.workingDaysBetween(new Date('nonsense'), new Date())).toThrow(RangeError);
  });
});

describe('CalendarYearMissing', () => {
  it.each([
    ['isWorkingDay on 2027-01-04', () => calendar.isWorkingDay('2027-01-04')],
    ['addWorkingDays running into 2027', () => calendar.addWorkingDays('2026-12-25', 10)],
    [
      'workingDaysBetween across the new year',
      () => calendar.workingDaysBetween(beijing('2026-12-30T09:00:00'), beijing('2027-01-05T09:00:00')),
    ],
    [
      'endOfNthWorkingDay running into 2027',
      () => calendar.endOfNthWorkingDay(beijing('2026-12-30T09:00:00'), 5),
    ],
  ])('is thrown by %s', (_, act) => {
    // Act
    const error = caught(act);

    // Assess
    expect(error).toBeInstanceOf(CalendarYearMissing);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'CALENDAR_YEAR_MISSING', status: 422, year: 2027 });
  });

  it('names the earliest missing year', () => {
    expect(caught(() => calendar.isWorkingDay('2018-12-28'))).toMatchObject({ year: 2018 });
    expect(caught(() => calendar.addWorkingDays('2026-12-30', 10_000))).toMatchObject({ year: 2027 });
  });

  it('is not thrown for the last days of 2026 that are in the data', () => {
    // 2026-12-31 is a Thursday with no holiday in the 2026 notice.
    expect(calendar.addWorkingDays('2026-12-29', 2)).toBe('2026-12-31');
  });
});

describe('WorkingCalendar', () => {
  const schedule2027: YearSchedule = {
    year: 2027,
    source: 'test fixture, not an official notice',
    holidays: [{ date: '2027-01-01', name: '元旦' }],
    makeupWorkdays: [],
  };

  it('lists the bundled years', () => {
    expect(calendar.loadedYears()).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(calendar.hasYear(2024)).toBe(true);
    expect(calendar.hasYear(2027)).toBe(false);
    expect(calendar.timeZone).toBe('Asia/Shanghai');
  });

  it('adds a year as a new calendar and leaves the old one unchanged', () => {
    // Act
    const extended = calendar.withYear(schedule2027);

    // Assess
    expect(extended.hasYear(2027)).toBe(true);
    expect(extended.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    expect(calendar.hasYear(2027)).toBe(false);
    expect(extended.version).not.toBe(calendar.version);
  });

  it('replaces a loaded year', () => {
    // Prepare: a hypothetical mid-year change making 2024-10-08 a rest day
    const original = calendar.yearSchedule(2024)!;
    const changed = { ...original, holidays: [...original.holidays, { date: '2024-10-08', name: '国庆节' }] };

    // Act
    const updated = calendar.withYear(changed);

    // Assess
    expect(updated.isWorkingDay('2024-10-08')).toBe(false);
    expect(calendar.isWorkingDay('2024-10-08')).toBe(true);
    expect(updated.loadedYears()).toEqual(calendar.loadedYears());
  });

  it('is frozen', () => {
    expect(Object.isFrozen(calendar)).toBe(true);
    expect(Object.isFrozen(calendar.yearSchedule(2024)!.holidays)).toBe(true);
  });

  describe('version', () => {
    it('is stable for the same content, whatever the order it was given in', () => {
      // Prepare
      const years = officialYearSchedules();
      const shuffled = [...years].reverse().map((s) => ({ ...s, holidays: [...s.holidays].reverse() }));

      // Act
      const a = new WorkingCalendar({ years, localRestDays: ['2024-03-08', '2024-03-07'] });
      const b = new WorkingCalendar({
        years: shuffled,
        localRestDays: ['2024-03-07', '2024-03-08', '2024-03-07'],
      });

      // Assess
      expect(a.version).toBe(b.version);
      expect(loadOfficialCalendar().version).toBe(calendar.version);
      expect(calendar.version).toMatch(/^[0-9a-f]{16}$/);
    });

    it('changes when a year changes', () => {
      // Prepare
      const original = calendar.yearSchedule(2025)!;
      const changed = { ...original, makeupWorkdays: original.makeupWorkdays.slice(1) };

      // Act / Assess
      expect(calendar.withYear(changed).version).not.toBe(calendar.version);
      expect(calendar.withYear(original).version).toBe(calendar.version);
    });

    it('changes when a local rest day changes', () => {
      // Prepare
      const one = calendar.withLocalRestDays(['2024-03-08']);
      const other = calendar.withLocalRestDays(['2024-03-07']);

      // Act / Assess
      expect(one.version).not.toBe(calendar.version);
      expect(other.version).not.toBe(one.version);
      expect(one.withLocalRestDays([]).version).toBe(calendar.version);
    });

    it('changes with the time zone but not with its spelling', () => {
      expect(loadOfficialCalendar({ timeZone: 'Asia/Urumqi' }).version).not.toBe(calendar.version);
      expect(loadOfficialCalendar({ timeZone: 'asia/shanghai' }).version).toBe(calendar.version);
    });
  });

  describe('constructor', () => {
    it('rejects the same year twice', () => {
      // Prepare
      const years = officialYearSchedules();

      // Act
      const error = caught(() => new WorkingCalendar({ years: [...years, years[0]!] }));

      // Assess
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        { path: 'years.8.year', message: '2019 is given more than once' },
      ]);
    });

    it('rejects an invalid schedule with the path inside years', () => {
      // Prepare: 2027-01-04 is a Monday
      const broken = { ...schedule2027, makeupWorkdays: [{ date: '2027-01-04', name: '元旦' }] };

      // Act
      const error = caught(() => calendar.withYear(broken));

      // Assess
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([
        'years.8.makeupWorkdays.0.date',
      ]);
    });

    it('rejects a malformed local rest day and an unknown time zone', () => {
      // Act
      const error = caught(
        () =>
          new WorkingCalendar({
            years: [],
            localRestDays: ['2024-03-08', '2024-3-9'],
            timeZone: 'Mars/Olympus',
          }),
      );

      // Assess
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([
        'localRestDays.1',
        'timeZone',
      ]);
    });

    it('keeps local rest days for a year that is not loaded yet', () => {
      // Prepare: 2027-01-05 is a Tuesday
      const regional = loadOfficialCalendar({ localRestDays: ['2027-01-05'] });

      // Act
      const extended = regional.withYear(schedule2027);

      // Assess
      expect(extended.isWorkingDay('2027-01-05')).toBe(false);
      expect(extended.localRestDays()).toEqual(['2027-01-05']);
    });
  });
});
