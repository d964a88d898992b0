import { describe, expect, it } from 'vitest';
import {
  loadOfficialCalendar,
  officialYearSchedules,
  WorkingCalendar,
  type IsoDate,
} from '#shared/calendar/index';
import { ValidationError } from '#shared/errors';
import { readStepClock, type ClockPause, type StepClockInput } from './clock.ts';
import { at, thrownBy } from '#test/support/sla-clock';

const calendar = loadOfficialCalendar();

// Accepted on Friday 2024-09-27. National Day 2024: 1–7 October off, Sunday 29 September and Saturday
// 12 October are make-up working days. The 15 working days after acceptance, from the official calendar:
const FIFTEEN_DAYS_FROM_2024_09_27: IsoDate[] = [
  '2024-09-29',
  '2024-09-30',
  '2024-10-08',
  '2024-10-09',
  '2024-10-10',
  '2024-10-11',
  '2024-10-12',
  '2024-10-14',
  '2024-10-15',
  '2024-10-16',
  '2024-10-17',
  '2024-10-18',
  '2024-10-21',
  '2024-10-22',
  '2024-10-23',
];

function regularClock(overrides: Partial<StepClockInput> = {}): StepClockInput {
  return {
    budgetDays: 15,
    startedAt: at('2024-09-27T10:00:00'),
    pauses: [],
    now: at('2024-10-09T10:00:00'),
    ...overrides,
  };
}

const supplement = (from: string, to?: string): ClockPause => ({
  from: at(from),
  ...(to ? { to: at(to) } : {}),
  reason: 'supplement',
});

describe('readStepClock', () => {
  it('dates a 15-day budget from 2024-09-27 to the end of 2024-10-23 in Asia/Shanghai', () => {
    // Prepare
    expect(calendar.isWorkingDay('2024-09-29')).toBe(true); // make-up Sunday
    expect(calendar.isWorkingDay('2024-10-07')).toBe(false);
    expect(calendar.isWorkingDay('2024-10-12')).toBe(true); // make-up Saturday
    expect(FIFTEEN_DAYS_FROM_2024_09_27.every((day) => calendar.isWorkingDay(day))).toBe(true);
    expect(calendar.workingDaysBetween(at('2024-09-27T10:00:00'), at('2024-10-23T12:00:00'))).toBe(15);

    // Act
    const reading = readStepClock(regularClock(), calendar);

    // Assess
    expect(reading.dueOn).toBe('2024-10-23');
    expect(reading.dueAt).toEqual(new Date('2024-10-23T23:59:59.999+08:00'));
    expect(reading.dueAt).toEqual(calendar.endOfDay(FIFTEEN_DAYS_FROM_2024_09_27.at(-1)!));
    expect(reading.usedDays).toBe(4); // 29 and 30 September, 8 and 9 October
    expect(reading.remainingDays).toBe(11);
    expect(reading.calendarVersion).toBe(calendar.version);
    expect(reading.provisional).toBe(false);
    expect(reading.missingYears).toEqual([]);
  });

  it('moves the due date by the two working days a supplement took and leaves them out of days used', () => {
    // Prepare
    const pauses = [supplement('2024-10-08T15:00:00', '2024-10-10T11:00:00')];
    const now = at('2024-10-11T10:00:00');

    // Act
    const unpaused = readStepClock(regularClock({ now }), calendar);
    const reading = readStepClock(regularClock({ now, pauses }), calendar);

    // Assess
    expect(unpaused.usedDays).toBe(6);
    expect(unpaused.dueOn).toBe('2024-10-23');
    expect(reading.pausedDays).toBe(2); // 9 and 10 October; the request day itself was used
    expect(reading.usedDays).toBe(4);
    expect(reading.dueOn).toBe('2024-10-25');
    expect(reading.dueOn).toBe(calendar.addWorkingDays(unpaused.dueOn, 2));
    expect(reading.paused).toBe(false);
    expect(reading.pausedIntervals).toEqual([
      {
        from: at('2024-10-08T15:00:00'),
        to: at('2024-10-10T11:00:00'),
        reasons: ['supplement'],
        workingDays: 2,
      },
    ]);
  });

  it('moves the due date forward day by day while a supplement is owed', () => {
    // Prepare
    const pauses = [supplement('2024-10-08T15:00:00')];

    // Act
    const onRequestDay = readStepClock(regularClock({ pauses, now: at('2024-10-08T16:00:00') }), calendar);
    const nextDay = readStepClock(regularClock({ pauses, now: at('2024-10-09T10:00:00') }), calendar);
    const dayAfter = readStepClock(regularClock({ pauses, now: at('2024-10-10T10:00:00') }), calendar);

    // Assess
    expect(onRequestDay).toMatchObject({ usedDays: 3, pausedDays: 0, paused: true, dueOn: '2024-10-23' });
    expect(nextDay).toMatchObject({ usedDays: 3, pausedDays: 1, paused: true, dueOn: '2024-10-24' });
    expect(dayAfter).toMatchObject({ usedDays: 3, pausedDays: 2, paused: true, dueOn: '2024-10-25' });
    expect(dayAfter.pausedIntervals).toEqual([
      { from: at('2024-10-08T15:00:00'), reasons: ['supplement'], workingDays: 2 },
    ]);
  });

  it('dates a standard-land budget from the land acquisition day across the Spring Festival', () => {
    // Prepare: Spring Festival 2024 is 10–17 February; Sunday 18 February is a make-up working day.
    expect(calendar.isWorkingDay('2024-02-12')).toBe(false);
    expect(calendar.isWorkingDay('2024-02-18')).toBe(true);

    // Act
    const reading = readStepClock(
      { budgetDays: 9, startedAt: '2024-02-05', pauses: [], now: at('2024-02-05T16:00:00') },
      calendar,
    );

    // Assess: 6, 7, 8, 9, 18, 19, 20, 21, 22 February
    expect(reading.dueOn).toBe('2024-02-22');
    expect(reading.dueAt).toEqual(new Date('2024-02-22T23:59:59.999+08:00'));
    expect(reading.usedDays).toBe(0);
  });

  it('turns yellow when the used share reaches two thirds, by default', () => {
    // Act: the 9th and 10th working days are 15 and 16 October
    const ninth = readStepClock(regularClock({ now: at('2024-10-15T17:00:00') }), calendar);
    const tenth = readStepClock(regularClock({ now: at('2024-10-16T09:00:00') }), calendar);

    // Assess
    expect(ninth).toMatchObject({ usedDays: 9, status: 'on-track' });
    expect(tenth).toMatchObject({ usedDays: 10, status: 'yellow' });
  });

  it('turns yellow on the working day with one day left and red the day after the due date', () => {
    // Prepare: only the days-left threshold
    const thresholds = { yellowUsedFraction: 1 };
    const readAt = (now: string) => readStepClock(regularClock({ now: at(now), thresholds }), calendar);

    // Act
    const twoLeft = readAt('2024-10-21T17:00:00');
    const oneLeft = readAt('2024-10-22T09:00:00');
    const dueDay = readAt('2024-10-23T23:59:59.999');
    const dayAfter = readAt('2024-10-24T00:00:00');

    // Assess
    expect(twoLeft).toMatchObject({ remainingDays: 2, status: 'on-track' });
    expect(oneLeft).toMatchObject({ remainingDays: 1, status: 'yellow' });
    expect(dueDay).toMatchObject({ remainingDays: 0, status: 'yellow' });
    expect(dayAfter).toMatchObject({ remainingDays: -1, status: 'red', dueOn: '2024-10-23' });
  });

  it('turns red on the weekend after a Friday due date, though no working day was used since', () => {
    // Act: 12 working days end on Friday 18 October
    const reading = readStepClock(regularClock({ budgetDays: 12, now: at('2024-10-19T10:00:00') }), calendar);

    // Assess
    expect(reading).toMatchObject({ dueOn: '2024-10-18', usedDays: 12, remainingDays: 0, status: 'red' });
  });

  it('stays red while paused when the budget ran out before the supplement was requested', () => {
    // Act
    const reading = readStepClock(
      regularClock({
        budgetDays: 3,
        pauses: [supplement('2024-10-09T10:00:00')],
        now: at('2024-10-11T10:00:00'),
      }),
      calendar,
    );

    // Assess
    expect(reading).toMatchObject({ paused: true, status: 'red', usedDays: 4, dueOn: '2024-10-08' });
  });

  it('is met when closed at the due instant and missed one millisecond later', () => {
    // Act
    const met = readStepClock(
      regularClock({ closedAt: at('2024-10-23T23:59:59.999'), now: at('2024-11-01T10:00:00') }),
      calendar,
    );
    const missed = readStepClock(
      regularClock({ closedAt: at('2024-10-24T00:00:00'), now: at('2024-11-01T10:00:00') }),
      calendar,
    );

    // Assess
    expect(met).toMatchObject({ status: 'met', usedDays: 15, remainingDays: 0 });
    expect(missed).toMatchObject({ status: 'missed', usedDays: 16, remainingDays: -1 });
  });

  it('is missed when closed on the weekend after a Friday due date', () => {
    // Act
    const reading = readStepClock(
      regularClock({ budgetDays: 12, closedAt: at('2024-10-19T10:00:00'), now: at('2024-10-21T10:00:00') }),
      calendar,
    );

    // Assess: the deadline is the end of its last working day, whatever the whole-day count says
    expect(reading).toMatchObject({ status: 'missed', usedDays: 12 });
  });

  it('stops counting at closure and cuts a pause still open then', () => {
    // Act
    const reading = readStepClock(
      regularClock({
        pauses: [supplement('2024-10-09T10:00:00')],
        closedAt: at('2024-10-11T10:00:00'),
        now: at('2024-12-01T10:00:00'),
      }),
      calendar,
    );

    // Assess
    expect(reading).toMatchObject({ usedDays: 4, pausedDays: 2, paused: false, status: 'met' });
    expect(reading.pausedIntervals[0]?.to).toEqual(at('2024-10-11T10:00:00'));
  });

  it('merges overlapping pauses and counts their days once', () => {
    // Prepare
    const pauses: ClockPause[] = [
      { from: at('2024-10-09T09:00:00'), to: at('2024-10-14T09:00:00'), reason: 'testing' },
      supplement('2024-10-08T15:00:00', '2024-10-10T11:00:00'),
    ];

    // Act
    const reading = readStepClock(regularClock({ pauses, now: at('2024-10-15T10:00:00') }), calendar);

    // Assess: 9, 10, 11, 12 and 14 October
    expect(reading.pausedIntervals).toEqual([
      {
        from: at('2024-10-08T15:00:00'),
        to: at('2024-10-14T09:00:00'),
        reasons: ['supplement', 'testing'],
        workingDays: 5,
      },
    ]);
    expect(reading.pausedDays).toBe(5);
    expect(reading.usedDays).toBe(4); // 29, 30 September, 8 and 15 October
  });

  it('takes no day for a pause that begins and ends on the same day', () => {
    // Act
    const reading = readStepClock(
      regularClock({ pauses: [supplement('2024-10-09T09:00:00', '2024-10-09T17:00:00')] }),
      calendar,
    );

    // Assess
    expect(reading).toMatchObject({ pausedDays: 0, usedDays: 4, dueOn: '2024-10-23' });
  });

  it('reads the ledger as of now: later pauses and a later closure have not happened yet', () => {
    // Act
    const reading = readStepClock(
      regularClock({
        pauses: [supplement('2024-10-08T15:00:00', '2024-10-10T11:00:00'), supplement('2024-10-14T09:00:00')],
        closedAt: at('2024-10-16T10:00:00'),
        now: at('2024-10-09T10:00:00'),
      }),
      calendar,
    );

    // Assess
    expect(reading).toMatchObject({ paused: true, pausedDays: 1, usedDays: 3, status: 'on-track' });
    expect(reading.pausedIntervals).toHaveLength(1);
  });

  it('ignores the part of a pause before the clock started', () => {
    // Act
    const reading = readStepClock(
      regularClock({ pauses: [supplement('2024-09-20T10:00:00', '2024-09-30T10:00:00')] }),
      calendar,
    );

    // Assess: only 29 and 30 September were paused
    expect(reading.pausedIntervals).toEqual([
      {
        from: at('2024-09-27T10:00:00'),
        to: at('2024-09-30T10:00:00'),
        reasons: ['supplement'],
        workingDays: 2,
      },
    ]);
    expect(reading.usedDays).toBe(2);
  });

  it('marks a reading reaching into 2027 as provisional, counting its weekdays as working days', () => {
    // Act: 21–31 December 2026 hold 9 working days; 1 January 2027 is a Friday
    const reading = readStepClock(
      {
        budgetDays: 15,
        startedAt: at('2026-12-20T10:00:00'),
        pauses: [],
        now: at('2026-12-22T10:00:00'),
      },
      calendar,
    );

    // Assess
    expect(reading).toMatchObject({
      provisional: true,
      missingYears: [2027],
      dueOn: '2027-01-08',
      usedDays: 2,
      remainingDays: 13,
    });
  });

  it('stops being provisional once the year is loaded, under a new calendar version', () => {
    // Prepare
    const input = {
      budgetDays: 15,
      startedAt: at('2026-12-20T10:00:00'),
      pauses: [],
      now: at('2026-12-22T10:00:00'),
    };
    const withNewYear = calendar.withYear({
      year: 2027,
      holidays: [{ date: '2027-01-01', name: '元旦' }],
      makeupWorkdays: [],
      source: 'test schedule',
    });

    // Act
    const before = readStepClock(input, calendar);
    const after = readStepClock(input, withNewYear);

    // Assess
    expect(after).toMatchObject({ provisional: false, missingYears: [], dueOn: '2027-01-11' });
    expect(after.calendarVersion).not.toBe(before.calendarVersion);
  });

  it('names a missing year in the middle of a span', () => {
    // Prepare
    const without2025 = new WorkingCalendar({
      years: officialYearSchedules().filter((schedule) => schedule.year !== 2025),
    });

    // Act
    const reading = readStepClock(
      {
        budgetDays: 15,
        startedAt: at('2024-12-01T10:00:00'),
        pauses: [],
        now: at('2026-01-05T10:00:00'),
      },
      without2025,
    );

    // Assess
    expect(reading).toMatchObject({ provisional: true, missingYears: [2025], status: 'red' });
    expect(reading.dueOn).toBe(calendar.addWorkingDays('2024-12-01', 15));
  });

  it('rejects a start date that is not a real date', () => {
    // Act
    const error = thrownBy(() => readStepClock({ ...regularClock(), startedAt: '2024-02-30' }, calendar));

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ issues: [{ path: 'startedAt' }] });
  });

  it('rejects a ledger that cannot be read, naming each field', () => {
    // Act
    const error = thrownBy(() =>
      readStepClock(
        regularClock({
          budgetDays: 0,
          pauses: [supplement('2024-10-10T10:00:00', '2024-10-09T10:00:00')],
          closedAt: at('2024-09-26T10:00:00'),
        }),
        calendar,
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([
      'budgetDays',
      'closedAt',
      'pauses.0.to',
    ]);
  });
});
