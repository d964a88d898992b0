// Dates and working days as Chinese offices write them (2025年3月3日, 剩余 3 个工作日), in the region's time
// zone whatever the browser's; English gets the same facts in English.
import { language } from './i18n.ts';

const timeZone = 'Asia/Shanghai';

function locale(): string {
  return language() === 'en' ? 'en-GB' : 'zh-CN';
}

/** An instant as its date in Beijing: 2025年3月3日. */
export function formatDate(instant: string | undefined | null): string {
  if (!instant) return '—';
  return new Intl.DateTimeFormat(locale(), {
    timeZone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(new Date(instant));
}

/** A calendar date (YYYY-MM-DD) as written: 2025年3月24日. */
export function formatCalendarDate(date: string | undefined | null): string {
  if (!date) return '—';
  return new Intl.DateTimeFormat(locale(), {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(new Date(`${date}T00:00:00Z`));
}

/** An instant with its time in Beijing: 2025年3月3日 09:30. */
export function formatDateTime(instant: string | undefined | null): string {
  if (!instant) return '—';
  return new Intl.DateTimeFormat(locale(), {
    timeZone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(instant));
}

/** Working days, rounded to one decimal where a part day is counted. */
function days(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** 剩余 3 个工作日 / 超期 2 个工作日 / 今日到期. */
export function formatRemaining(remainingDays: number): string {
  const en = language() === 'en';
  if (remainingDays < 0) {
    const n = days(-remainingDays);
    return en ? `${n} working day${n === '1' ? '' : 's'} overdue` : `超期 ${n} 个工作日`;
  }
  if (remainingDays === 0) return en ? 'due today' : '今日到期';
  const n = days(remainingDays);
  return en ? `${n} working day${n === '1' ? '' : 's'} left` : `剩余 ${n} 个工作日`;
}

/** 12 个工作日. */
export function formatWorkingDays(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (language() !== 'en') return `${days(n)} 个工作日`;
  return `${days(n)} working day${n === 1 ? '' : 's'}`;
}

export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  return `${(rate * 100).toFixed(1)}%`;
}

export function formatYuan(n: number): string {
  return new Intl.NumberFormat(locale()).format(n);
}

/** 2025-03 → 2025年3月. */
export function formatMonth(month: string | null | undefined): string {
  if (!month) return '—';
  const [year, m] = month.split('-');
  return language() === 'en' ? `${month}` : `${year}年${Number(m)}月`;
}

/**
 * The API's validation messages are English (zod's); in Chinese the common ones are said in Chinese, the
 * rest shown as the API wrote them.
 */
export function localizeIssue(message: string): string {
  if (language() === 'en') return message;
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^Too small: expected number to be >(=?)(-?[\d.]+)/, (m) => `数值须${m[1] ? '不小于' : '大于'} ${m[2]}`],
    [/^Too big: expected number to be <(=?)(-?[\d.]+)/, (m) => `数值须${m[1] ? '不大于' : '小于'} ${m[2]}`],
    [/^Too small: expected string to have >=(\d+) characters?/, (m) => `至少 ${m[1]} 个字符`],
    [/^Too big: expected string to have <=(\d+) characters?/, (m) => `最多 ${m[1]} 个字符`],
    [/^Too small: expected array to have >=(\d+) items?/, (m) => `至少 ${m[1]} 项`],
    [/^Invalid ISO date/, () => '日期无效，应为 YYYY-MM-DD 格式的实际日期'],
    [/^Invalid input: expected (\w+), received undefined/, () => '此项必填'],
    [/^Invalid input: expected number/, () => '应为数字'],
    [/^Invalid option/, () => '不是可选的值'],
    [/^unknown field/, () => '不认识的字段'],
  ];
  for (const [pattern, say] of rules) {
    const match = pattern.exec(message);
    if (match) return say(match);
  }
  return message;
}
