// Dates and working days as Chinese offices write them, in Beijing time whatever the machine's zone.
import { describe, expect, it } from 'vitest';
import {
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatRemaining,
  formatWorkingDays,
  localizeIssue,
} from './format.ts';

describe('format (zh-CN, the default)', () => {
  it('writes an instant as its date in Beijing', () => {
    // 2 March 2025 at 17:00 UTC is already 3 March in Beijing.
    expect(formatDate('2025-03-02T17:00:00.000Z')).toBe('2025年3月3日');
    expect(formatDateTime('2025-03-03T01:30:00.000Z')).toBe('2025年3月3日 09:30');
    expect(formatCalendarDate('2025-10-08')).toBe('2025年10月8日');
  });

  it('counts working days left, due today and overdue', () => {
    expect(formatRemaining(3)).toBe('剩余 3 个工作日');
    expect(formatRemaining(0.5)).toBe('剩余 0.5 个工作日');
    expect(formatRemaining(0)).toBe('今日到期');
    expect(formatRemaining(-2)).toBe('超期 2 个工作日');
    expect(formatWorkingDays(15)).toBe('15 个工作日');
  });

  it("says the API's common validation messages in Chinese and keeps the others", () => {
    expect(localizeIssue('Too small: expected number to be >0')).toBe('数值须大于 0');
    expect(localizeIssue('Invalid ISO date')).toBe('日期无效，应为 YYYY-MM-DD 格式的实际日期');
    expect(localizeIssue('landAcquiredOn is required on the standard-land track')).toBe(
      'landAcquiredOn is required on the standard-land track',
    );
  });
});
