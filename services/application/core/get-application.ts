// One application as its reader sees it: the application, its steps (never a task token), the full
// timeline (who, when, on whose behalf, what changed) and where it stands against its time limits.
import { applicationNotFound, assertCanSeeApplication } from '#shared/access/index';
import type { Principal } from '#shared/auth/principal';
import type { ApplicationWithSteps } from '#shared/data/ports';
import { NotFound } from '#shared/errors';
import { toStepView } from '#shared/model';
import type { CoreDeps } from './ports.ts';
import { readDeadlines, type DeadlineDeps } from './deadlines.ts';
import { toApplicationView, type ApplicationDetail } from './views.ts';

/**
 * Loads the application with its steps and checks the caller may see it.
 * @throws NotFound for an unknown application and for one the caller may not see alike
 */
export async function loadVisibleApplication(
  deps: Pick<CoreDeps, 'repository'>,
  principal: Principal,
  applicationId: string,
): Promise<ApplicationWithSteps> {
  let loaded: ApplicationWithSteps;
  try {
    loaded = await deps.repository.getApplicationWithSteps(applicationId);
  } catch (error) {
    // The repository's message is the same, but one wording for both cases is kept in one place.
    if (error instanceof NotFound) throw applicationNotFound(applicationId);
    throw error;
  }
  assertCanSeeApplication(principal, loaded.application, loaded.steps);
  return loaded;
}

/** @throws NotFound for an unknown application and for one the caller may not see alike */
export async function getApplication(
  deps: Pick<CoreDeps, 'repository' | 'now'> & DeadlineDeps,
  request: { principal: Principal; applicationId: string },
): Promise<ApplicationDetail> {
  const { application, steps } = await loadVisibleApplication(deps, request.principal, request.applicationId);
  const timeline = await deps.repository.getTimeline(application.applicationId);
  const ordered = [...steps].sort((a, b) => a.openedAt.localeCompare(b.openedAt));
  return {
    application: toApplicationView(application),
    steps: ordered.map(toStepView),
    timeline,
    deadlines: readDeadlines({ application, steps, timeline }, deps.now(), deps),
  };
}
