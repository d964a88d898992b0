// What the intake and review logic needs from the outside, as narrow interfaces: the repository, the
// workflow, the calendar and the clock. Handlers pass real ones (services/api/deps.ts), tests their own.
import type { ApplicationRepository } from '#shared/data/repository';
import type { MetricsPort } from '#shared/observability/metrics';
import type { ClockCalendar } from '#shared/sla/index';

/** Starts the approval workflow of one application. */
export interface WorkflowStarter {
  /**
   * Starts the execution named after the application, so a retry cannot start a second one: an execution
   * that exists already counts as started.
   */
  startExecution(applicationId: string): Promise<{ executionArn: string }>;
}

export interface CoreDeps {
  repository: ApplicationRepository;
  calendar: ClockCalendar;
  now: () => Date;
  /** A fresh unique id for events and applications (letters, digits, '-'). */
  newId: () => string;
  /** Business metrics (applications submitted). @default none */
  metrics?: MetricsPort;
}

export interface SubmitDeps extends CoreDeps {
  workflow: WorkflowStarter;
}
