import { describe, expect, it } from 'vitest';
import { dayNumber, isoDateOf } from './iso-date.ts';
import { ZoneClock } from './zone-clock.ts';

function intlDate(timeZone: string) {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return (ms: number) => format.format(new Date(ms));
}

describe('ZoneClock', () => {
  it.each([
    // zone, local date, first instant, why
    ['Asia/Shanghai', '2024-10-01', '2024-09-30T16:00:00.000Z', 'UTC+8, no daylight saving'],
    ['America/New_York', '2024-03-10', '2024-03-10T05:00:00.000Z', 'EST midnight; the gap is at 02:00'],
    ['America/New_York', '2024-03-11', '2024-03-11T04:00:00.000Z', 'EDT after the change'],
    [
      'America/Santiago',
      '2024-09-08',
      '2024-09-08T04:00:00.000Z',
      'midnight skipped: the day starts at 01:00',
    ],
    ['America/Havana', '2024-11-03', '2024-11-03T04:00:00.000Z', 'midnight happens twice: the earlier one'],
    ['Australia/Lord_Howe', '2024-10-06', '2024-10-05T13:30:00.000Z', 'half-hour offset'],
  ])('starts %s %s at %s (%s)', (timeZone, date, start) => {
    // Prepare
    const clock = new ZoneClock(timeZone);

    // Act
    const first = clock.startOfDay(dayNumber(date));

    // Assess
    expect(new Date(first).toISOString()).toBe(start);
    expect(isoDateOf(clock.localDay(first))).toBe(date);
    expect(isoDateOf(clock.localDay(first - 1))).not.toBe(date);
  });

  it('ends a day one millisecond before the next one starts', () => {
    // Prepare
    const clock = new ZoneClock('America/Santiago');

    // Act / Assess
    expect(new Date(clock.endOfDay(dayNumber('2024-09-07'))).toISOString()).toBe('2024-09-08T03:59:59.999Z');
  });

  it.each([
    ['America/New_York', '2024-03-10T07:00:00Z'],
    ['America/New_York', '2024-11-03T06:00:00Z'],
    ['America/Santiago', '2024-09-08T04:00:00Z'],
    ['America/Santiago', '2024-04-07T03:00:00Z'],
    ['America/Havana', '2024-11-03T05:00:00Z'],
    ['Europe/London', '2024-03-31T01:00:00Z'],
  ])('agrees with Intl minute by minute around the %s change at %s', (timeZone, transition) => {
    // Prepare
    const clock = new ZoneClock(timeZone);
    const expected = intlDate(timeZone);
    const around = Date.parse(transition);

    // Act / Assess: cached offsets must not leak across the change, in either direction of travel
    for (const step of [60_000, -60_000]) {
      for (let ms = around - step * 36 * 60; Math.abs(ms - around) <= 36 * 3_600_000; ms += step) {
        if (isoDateOf(clock.localDay(ms)) !== expected(ms))
          expect.fail(`${new Date(ms).toISOString()} in ${timeZone}`);
      }
    }
  });

  it('canonicalises the zone name and rejects an unknown one', () => {
    expect(new ZoneClock('asia/shanghai').timeZone).toBe('Asia/Shanghai');
    expect(() => new ZoneClock('Mars/Olympus')).toThrow(RangeError);
  });
});
