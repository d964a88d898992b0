// What the SLA engine needs beyond the workflow core's dependencies: a place to publish what it did (an
// EventBridge bus in the cloud, the log in the embedded runtime) and, optionally, the calendar's source, so a
// sweep starts from the current calendar and finishes recomputations a calendar change began.
import type { CalendarSource } from '#shared/calendar/source';
import type { DecisionDeps } from '#services/workflow/core/decide-human-step';
import type { SlaStatus, StepKind } from '#shared/model';

/** The `source` of every event the SLA engine publishes. */
export const SLA_EVENT_SOURCE = 'one-window.sla';

/**
 * 预警 yellow (StepWarned), overdue red (StepOverdue), 督办 escalated to the department's supervisor
 * (StepEscalated), and Art. 32 deemed acceptance (IntakeDeemedAccepted). Each at most once per step.
 */
export const slaEventTypes = ['StepWarned', 'StepOverdue', 'StepEscalated', 'IntakeDeemedAccepted'] as const;
export type SlaEventType = (typeof slaEventTypes)[number];

export interface SlaEventDetail {
  /** `<applicationId>/<stepId>/<type>`: the same transition never gets another id, so consumers can dedupe. */
  id: string;
  applicationId: string;
  stepId: string;
  department: string;
  kind: StepKind;
  permitType?: string;
  /** The step's due instant (end of its last working day); null while paused. */
  dueAt: string | null;
  slaStatus: SlaStatus;
  /** When the sweeper saw the transition. */
  at: string;
  budgetDays: number;
  usedDays: number;
  remainingDays: number;
  /** 督办: when the step was escalated. */
  escalatedAt?: string;
  /** Deemed acceptance: the acceptance date (the day of receipt). */
  acceptedAt?: string;
}

export interface SlaEvent {
  detailType: SlaEventType;
  detail: SlaEventDetail;
}

/** Publishes SLA events. At-least-once is the adapter's business; the detail's `id` lets consumers dedupe. */
export interface SlaEventPublisher {
  publish(events: readonly SlaEvent[]): Promise<void>;
}

export interface SweepDependencies extends DecisionDeps {
  /** @default none: transitions are recorded in the table and the timeline only */
  events?: SlaEventPublisher;
  /**
   * The calendar's source. Given, a sweep first reloads the calendar (consistently) and completes the
   * recomputation of open deadlines a calendar change left for it.
   */
  calendars?: CalendarSource;
}
