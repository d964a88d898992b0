import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/errors';
import { parseYearSchedule, type YearSchedule } from './schedule.ts';

function schedule(overrides: Partial<YearSchedule> = {}): YearSchedule {
  return {
    year: 2024,
    source: '国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）',
    holidays: [
      { date: '2024-10-01', name: '国庆节' },
      { date: '2024-10-02', name: '国庆节' },
    ],
    makeupWorkdays: [
      { date: '2024-09-29', name: '国庆节' },
      { date: '2024-10-12', name: '国庆节' },
    ],
    ...overrides,
  };
}

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseYearSchedule(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  throw new Error('expected a ValidationError');
}

describe('parseYearSchedule', () => {
  it('returns a valid schedule', () => {
    // Act
    const parsed = parseYearSchedule(schedule());

    // Assess
    expect(parsed).toEqual(schedule());
  });

  it('throws a ValidationError the HTTP layer maps to 400', () => {
    // Act
    const act = () => parseYearSchedule({ ...schedule(), year: '2024' });

    // Assess
    expect(act).toThrow(ValidationError);
    expect(act).toThrow(expect.objectContaining({ status: 400, code: 'VALIDATION_FAILED' }));
  });

  it('rejects a make-up working day on a weekday, at its field path', () => {
    // Prepare: 2024-10-14 is a Monday
    const input = schedule({
      makeupWorkdays: [
        { date: '2024-09-29', name: '国庆节' },
        { date: '2024-10-14', name: '国庆节' },
      ],
    });

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toEqual([
      {
        path: 'makeupWorkdays.1.date',
        message: '2024-10-14 is a Monday: a make-up working day must fall on a Saturday or Sunday',
      },
    ]);
  });

  it('rejects a day that is both a holiday and a make-up working day', () => {
    // Prepare: 2024-10-05 is a Saturday inside the National Day break
    const input = schedule({
      holidays: [
        { date: '2024-10-01', name: '国庆节' },
        { date: '2024-10-05', name: '国庆节' },
      ],
      makeupWorkdays: [{ date: '2024-10-05', name: '国庆节' }],
    });

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toEqual([
      {
        path: 'makeupWorkdays.0.date',
        message: '2024-10-05 cannot be both a make-up working day and a holiday (holidays.1)',
      },
    ]);
  });

  it('rejects duplicate holiday dates', () => {
    // Prepare
    const input = schedule({
      holidays: [
        { date: '2024-10-01', name: '国庆节' },
        { date: '2024-10-02', name: '国庆节' },
        { date: '2024-10-01', name: '国庆节' },
      ],
    });

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toEqual([
      { path: 'holidays.2.date', message: '2024-10-01 is listed twice (also holidays.0)' },
    ]);
  });

  it('rejects duplicate make-up working days', () => {
    // Prepare
    const input = schedule({
      makeupWorkdays: [
        { date: '2024-09-29', name: '国庆节' },
        { date: '2024-09-29', name: '国庆节' },
      ],
    });

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toEqual([
      { path: 'makeupWorkdays.1.date', message: '2024-09-29 is listed twice (also makeupWorkdays.0)' },
    ]);
  });

  it('rejects a date outside the schedule year', () => {
    // Prepare: 2023-12-30 belongs in 2023's file even though it is part of the 2024 New Year break
    const input = schedule({
      holidays: [
        { date: '2023-12-30', name: '元旦' },
        { date: '2024-01-01', name: '元旦' },
      ],
    });

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toEqual([{ path: 'holidays.0.date', message: '2023-12-30 is not in 2024' }]);
  });

  it.each([
    ['2024-02-30', 'is not a real calendar date'],
    ['2023-02-29', 'is not a real calendar date'],
    ['2024-2-4', 'must be a date in YYYY-MM-DD form'],
    ['2024-10-01T00:00:00Z', 'must be a date in YYYY-MM-DD form'],
  ])('rejects %s as a date', (date, message) => {
    // Prepare
    const input = schedule({ holidays: [{ date, name: '国庆节' }] });

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toContainEqual({ path: 'holidays.0.date', message });
  });

  it('accepts 29 February in a leap year', () => {
    // Prepare: 2024-02-29 is a Thursday
    const input = schedule({ holidays: [{ date: '2024-02-29', name: '测试' }] });

    // Act / Assess
    expect(parseYearSchedule(input).holidays).toEqual([{ date: '2024-02-29', name: '测试' }]);
  });

  it('reports missing and mistyped fields with their paths', () => {
    // Prepare
    const input = { year: 2024.5, holidays: 'none', makeupWorkdays: [{ date: '2024-09-29' }] };

    // Act
    const paths = issuesOf(input).map((issue) => issue.path);

    // Assess
    expect(paths).toEqual(expect.arrayContaining(['year', 'holidays', 'makeupWorkdays.0.name', 'source']));
  });

  it('rejects unknown fields so a misspelt key is not silently ignored', () => {
    // Prepare
    const input = { ...schedule(), makeUpWorkdays: [] };

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toContain('makeUpWorkdays');
  });

  it('rejects a blank holiday name and a blank source', () => {
    // Prepare
    const input = schedule({ source: ' ', holidays: [{ date: '2024-10-01', name: '' }] });

    // Act
    const paths = issuesOf(input).map((issue) => issue.path);

    // Assess
    expect(paths.sort()).toEqual(['holidays.0.name', 'source']);
  });
});
