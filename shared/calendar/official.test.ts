import { describe, expect, it } from 'vitest';
import { loadOfficialCalendar, officialYearSchedules } from './index.ts';

describe('officialYearSchedules', () => {
  it('bundles one valid schedule per year, 2019 to 2026', () => {
    expect(officialYearSchedules().map((schedule) => schedule.year)).toEqual([
      2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026,
    ]);
  });

  it('names the State Council notice of each year', () => {
    for (const schedule of officialYearSchedules()) {
      expect(schedule.source).toContain(`国务院办公厅关于${schedule.year}年部分节假日安排的通知`);
      expect(schedule.source).toMatch(/国办发明电〔\d{4}〕\d+号/);
    }
  });

  it('lists every day of a holiday period the file gives as from–to, weekend days included', () => {
    const y2025 = officialYearSchedules().find((schedule) => schedule.year === 2025)!;
    expect(y2025.holidays.filter((day) => day.name === '春节').map((day) => day.date)).toEqual([
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-01',
      '2025-02-02',
      '2025-02-03',
      '2025-02-04',
    ]);
    expect(y2025.holidays).toHaveLength(28);
    expect(y2025.makeupWorkdays.map((day) => day.date)).toEqual([
      '2025-01-26',
      '2025-02-08',
      '2025-04-27',
      '2025-09-28',
      '2025-10-11',
    ]);
  });

  it('names the notices that changed 2019 and 2020 mid-year', () => {
    const [y2019, y2020] = officialYearSchedules();
    expect(y2019!.source).toContain('国务院办公厅关于调整2019年劳动节假期安排的通知');
    expect(y2020!.source).toContain('国务院办公厅关于延长2020年春节假期的通知');
  });
});

describe('loadOfficialCalendar', () => {
  const calendar = loadOfficialCalendar();

  it.each([
    ['2025-01-28', '2025 Spring Festival Eve'],
    ['2026-02-16', '2026 Spring Festival Eve'],
    ['2025-05-01', '2025 Labour Day'],
    ['2026-05-01', '2026 Labour Day'],
  ])('rests on %s (%s, statutory since 2025)', (date) => {
    expect(calendar.isWorkingDay(date)).toBe(false);
  });

  it('passes the region’s options through', () => {
    const regional = loadOfficialCalendar({ localRestDays: ['2024-03-08'], timeZone: 'Asia/Urumqi' });
    expect(regional.timeZone).toBe('Asia/Urumqi');
    expect(regional.isWorkingDay('2024-03-08')).toBe(false);
  });
});
