// What the application aggregate's logic needs from the outside, as narrow interfaces: the repository, the
// calendar in force for this invocation, the clock, ids, a logger, the configuration. The composition root
// (shared/runtime) passes the real ones; tests their own.
import type { WorkingCalendar } from '#shared/calendar/index';
import type { WorkflowConfig } from '#shared/config';
import type { ApplicationRepository } from '#shared/data/ports';
import type { MetricsPort } from '#shared/observability/metrics';
import type { Logger, WorkflowStarter } from '#shared/runtime/ports';

export type { WorkflowStarter };

export interface ApplicationDeps {
  repository: ApplicationRepository;
  calendar: WorkingCalendar;
  /** The only source of time in the core. */
  now: () => Date;
  logger: Logger;
  config: WorkflowConfig;
  /** Business metrics (submissions, steps closed on time / late, escalations). @default none */
  metrics?: MetricsPort;
}

/** The intake and review logic's: the aggregate's, plus fresh ids. */
export interface CoreDeps extends Pick<ApplicationDeps, 'repository' | 'calendar' | 'now' | 'metrics'> {
  /** A fresh unique id for events and applications (letters, digits, '-'). */
  newId: () => string;
}

export interface SubmitDeps extends CoreDeps {
  workflow: WorkflowStarter;
}
