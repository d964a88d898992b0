// Routing (the Choice after intake): the application's track, and for each permit it needs, the department that
// reviews it and whether it goes by commitment (告知承诺) instead. A pure reading of the application: nothing is
// written, so a retried or replayed task gets the same answer.
import type { Application, DepartmentId, PermitType, Track } from '#shared/model';
import type { WorkflowConfig } from '#shared/config';
import type { WorkflowDependencies } from './ports.ts';

export interface RoutedPermit {
  permitType: PermitType;
  department: DepartmentId;
  byCommitment: boolean;
}

export interface Route {
  track: Track;
  permits: RoutedPermit[];
}

export async function routeApplication(
  deps: Pick<WorkflowDependencies, 'repository' | 'config'>,
  command: { applicationId: string },
): Promise<Route> {
  const application = await deps.repository.getApplication(command.applicationId);
  return routeOf(application, deps.config);
}

/**
 * 告知承诺 only on the standard-land track, only with a signed commitment, only for the eligible permits; every
 * other permit is reviewed by its department. Permits keep the order the enterprise listed them in.
 */
export function routeOf(
  application: Pick<Application, 'track' | 'commitment' | 'requiredPermits'>,
  config: Pick<WorkflowConfig, 'commitmentPermits' | 'permitDepartments'>,
): Route {
  const onCommitment = application.track === 'standard-land' && application.commitment !== undefined;
  return {
    track: application.track,
    permits: application.requiredPermits.map((permitType) => ({
      permitType,
      department: config.permitDepartments[permitType],
      byCommitment: onCommitment && config.commitmentPermits.includes(permitType),
    })),
  };
}
