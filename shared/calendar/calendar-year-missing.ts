// The calendar never guesses: a question about a year whose official schedule is not loaded fails with this
// error, so a deadline reaching into that year can be marked provisional instead of silently wrong.
import { DomainError } from '#shared/errors';

export class CalendarYearMissing extends DomainError {
  readonly code = 'CALENDAR_YEAR_MISSING';
  readonly status = 422;

  constructor(readonly year: number) {
    super(`The working-day calendar has no official schedule for ${year}`);
  }
}
