// Benchmarks for the calls the SLA sweeper and reports make most. Run with `npx vitest bench shared/calendar`;
// not part of the test suite.
import { bench, describe } from 'vitest';
import { loadOfficialCalendar } from './index.ts';

const calendar = loadOfficialCalendar();
const acceptedAt = new Date('2024-09-27T10:00:00+08:00');
const oneYearLater = new Date('2025-09-27T10:00:00+08:00');

describe('WorkingCalendar', () => {
  bench('workingDaysBetween over a one-year span', () => {
    calendar.workingDaysBetween(acceptedAt, oneYearLater);
  });

  bench('addWorkingDays 15', () => {
    calendar.addWorkingDays('2024-09-27', 15);
  });

  bench('endOfNthWorkingDay 15', () => {
    calendar.endOfNthWorkingDay(acceptedAt, 15);
  });

  bench('loadOfficialCalendar (validate and index 8 years)', () => {
    loadOfficialCalendar();
  });
});
