// What the SLA engine needs beyond the workflow core's dependencies: optionally, the calendar's source, so a
// sweep starts from the current calendar and finishes recomputations a calendar change began. What the sweeper
// does reaches the domain event bus through the transactional outbox: each transition's audit event is
// committed with it, and the table's stream carries it on (services/notifications/README.md).
import type { CalendarSource } from '#shared/calendar/source';
import type { DecisionDeps } from '#services/workflow/core/decide-human-step';

export interface SweepDependencies extends DecisionDeps {
  /**
   * The calendar's source. Given, a sweep first reloads the calendar (consistently) and completes the
   * recomputation of open deadlines a calendar change left for it.
   */
  calendars?: CalendarSource;
}
