import { describe, expect, it } from 'vitest';
import { RecordingLogger } from '#test/support/workflow';
import { CalendarSource } from './source.ts';
import { emptyCalendarConfig, type CalendarConfig, type CalendarHead } from './config.ts';
import type { CalendarConfigStore } from './config-store.ts';

/** A store holding one configuration, counting reads. */
class MemoryStore implements Pick<CalendarConfigStore, 'head' | 'load'> {
  config: CalendarConfig = emptyCalendarConfig;
  heads = 0;
  loads = 0;
  failing = false;
  head(): Promise<CalendarHead> {
    this.heads += 1;
    return this.failing ? Promise.reject(new Error('throttled (test)')) : Promise.resolve(this.config.head);
  }
  load(): Promise<CalendarConfig> {
    this.loads += 1;
    return Promise.resolve(this.config);
  }
}

function source(store: MemoryStore, logger = new RecordingLogger()) {
  let now = 0;
  const calendars = new CalendarSource({
    store: store as unknown as CalendarConfigStore,
    logger,
    monotonicNow: () => now,
  });
  return { calendars, advance: (ms: number) => (now += ms) };
}

const restOn11October = (revision: number): CalendarConfig => ({
  head: { revision },
  years: [],
  localRestDays: [
    { date: '2024-10-11', active: true, changedBy: 'admin-1', changedAt: '2024-10-08T01:00:00.000Z' },
  ],
});

describe('CalendarSource', () => {
  it('reads the head at most once a minute, and the configuration only when its revision moved', async () => {
    // Prepare
    const store = new MemoryStore();
    const { calendars, advance } = source(store);

    // Act
    await calendars.refresh();
    await calendars.refresh();
    advance(59_000);
    await calendars.refresh();
    store.config = restOn11October(1);
    const cached = await calendars.refresh();
    advance(2_000);
    const reloaded = await calendars.refresh();
    advance(61_000);
    await calendars.refresh();

    // Assess
    expect(cached.isWorkingDay('2024-10-11')).toBe(true);
    expect(reloaded.isWorkingDay('2024-10-11')).toBe(false);
    expect(calendars.revision).toBe(1);
    expect({ heads: store.heads, loads: store.loads }).toEqual({ heads: 3, loads: 1 });
  });

  it('keeps the last calendar and logs when the table cannot be read', async () => {
    // Prepare
    const store = new MemoryStore();
    store.config = restOn11October(1);
    const logger = new RecordingLogger();
    const { calendars, advance } = source(store, logger);
    await calendars.refresh();
    store.failing = true;
    advance(61_000);

    // Act
    const calendar = await calendars.refresh();

    // Assess
    expect(calendar.isWorkingDay('2024-10-11')).toBe(false);
    expect(logger.errors()).toEqual([
      'The calendar configuration could not be read; the last calendar loaded is used',
    ]);
  });

  it('answers the port with the calendar in force, reading the head again only once the cache is stale', async () => {
    // Prepare
    const store = new MemoryStore();
    const { calendars, advance } = source(store);

    // Act: an invocation, another within the minute, an administrator's change, one more after the minute
    const first = await calendars.calendar();
    const second = await calendars.calendar();
    store.config = restOn11October(1);
    const withinTheMinute = await calendars.calendar();
    advance(61_000);
    const afterTheMinute = await calendars.calendar();

    // Assess
    expect(store.heads).toBe(2);
    expect(second).toBe(first);
    expect(withinTheMinute.isWorkingDay('2024-10-11')).toBe(true);
    expect(afterTheMinute.isWorkingDay('2024-10-11')).toBe(false);
  });
});
