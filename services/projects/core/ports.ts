// What the project register's logic needs from outside, as narrow interfaces; the composition root
// (shared/runtime) passes the real ones, tests their own.
import type { WorkingCalendar } from '#shared/calendar/index';
import type { WorkflowConfig } from '#shared/config';
import type { ApplicationRepository } from '#shared/data/ports';
import type { ProjectRepository } from '#shared/data/project-ports';

export interface ProjectDeps {
  projects: ProjectRepository;
  /** Read only: the applications filed for a project (through the enterprise's index). */
  repository: Pick<ApplicationRepository, 'listByEnterprise'>;
  calendar: WorkingCalendar;
  now: () => Date;
  newId: () => string;
  config: Pick<WorkflowConfig, 'departments' | 'thresholds'>;
}
