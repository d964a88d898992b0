// What the reports need from the outside: read-only access to the counters, the open-steps index and the
// applications, plus the calendar, the configuration and the clock. Reports never write.
import type { ApplicationRepository } from '#shared/data/ports';
import type { ApplicationDeps } from '#services/application/core/ports';

export type ReportStore = Pick<ApplicationRepository, 'listCounters' | 'listOpenSteps' | 'findApplication'>;

export interface ReportDeps extends Pick<ApplicationDeps, 'calendar' | 'config' | 'now' | 'logger'> {
  repository: ReportStore;
}
