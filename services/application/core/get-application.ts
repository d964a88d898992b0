// One application as its reader sees it: the application, its steps (never a task token), the full
// timeline (who, when, on whose behalf, what changed) and where it stands against its time limits.
import { discloseTimeline } from '#shared/access/event-disclosure';
import {
  actingForEnterprise,
  applicationNotFound,
  assertCanSeeApplication,
  type ApplicationScope,
} from '#shared/access/index';
import type { Principal } from '#shared/auth/principal';
import type { ApplicationRepository, ApplicationWithSteps } from '#shared/data/ports';
import type { ProjectRepository } from '#shared/data/project-ports';
import { NotFound } from '#shared/errors';
import { toStepView, type Application } from '#shared/model';
import type { CoreDeps } from './ports.ts';
import { readDeadlines, type DeadlineDeps } from './deadlines.ts';
import { toApplicationView, type ApplicationDetail } from './views.ts';

/** Where the access rules find a project's approval secretary. @default none: rights follow `agencyFor` only */
export interface ProjectSecretaries {
  projects?: Pick<ProjectRepository, 'findProject'> | undefined;
}

/** An application the caller may see, and the scope the access rules read it with (for `stepActor` & co.). */
export interface VisibleApplication extends ApplicationWithSteps {
  scope: ApplicationScope;
}

/**
 * The application as the access rules read it. An agency officer who does not represent the enterprise may be
 * the approval secretary of the application's project: only then is the project read (one GetItem), so the rights
 * follow the project's current assignment and end with it.
 */
export async function applicationScopeOf(
  deps: ProjectSecretaries,
  principal: Principal,
  application: Pick<Application, 'applicationId' | 'enterpriseId' | 'projectId'>,
): Promise<ApplicationScope> {
  const scope: ApplicationScope = {
    applicationId: application.applicationId,
    enterpriseId: application.enterpriseId,
  };
  if (
    !principal.roles.includes('agency-officer') ||
    application.projectId === undefined ||
    deps.projects === undefined ||
    actingForEnterprise(principal, application.enterpriseId)
  ) {
    return scope;
  }
  const project = await deps.projects.findProject(application.projectId);
  // A project of another enterprise never lends its secretary (the link is checked at filing, kept defensively).
  if (project?.enterpriseId !== application.enterpriseId) return scope;
  return { ...scope, projectSecretaryUserId: project.people.secretaryUserId };
}

/**
 * Loads the application with its steps and checks the caller may see it.
 * @throws NotFound for an unknown application and for one the caller may not see alike
 */
export async function loadVisibleApplication(
  deps: Pick<CoreDeps, 'repository'> & ProjectSecretaries,
  principal: Principal,
  applicationId: string,
): Promise<VisibleApplication> {
  return loadVisibleFrom(deps.repository, deps, principal, applicationId);
}

/** `loadVisibleApplication` over any reader of applications (the documents context has its own port). */
export async function loadVisibleFrom(
  applications: Pick<ApplicationRepository, 'getApplicationWithSteps'>,
  deps: ProjectSecretaries,
  principal: Principal,
  applicationId: string,
): Promise<VisibleApplication> {
  return visibleOnly(deps, principal, applicationId, () =>
    applications.getApplicationWithSteps(applicationId),
  );
}

/** What `load` read, once the caller is known to may see it (the timeline, too, only then leaves here). */
async function visibleOnly<T extends ApplicationWithSteps>(
  deps: ProjectSecretaries,
  principal: Principal,
  applicationId: string,
  load: () => Promise<T>,
): Promise<T & { scope: ApplicationScope }> {
  let loaded: T;
  try {
    loaded = await load();
  } catch (error) {
    // The repository's message is the same, but one wording for both cases is kept in one place.
    if (error instanceof NotFound) throw applicationNotFound(applicationId);
    throw error;
  }
  const scope = await applicationScopeOf(deps, principal, loaded.application);
  assertCanSeeApplication(principal, scope, loaded.steps);
  return { ...loaded, scope };
}

/**
 * One read of the application's partition (the application, its steps and its timeline in one Query), then the
 * same access check as every other reader; nothing of it leaves here unless the caller may see it.
 * @throws NotFound for an unknown application and for one the caller may not see alike
 */
export async function getApplication(
  deps: Pick<CoreDeps, 'repository' | 'now'> & DeadlineDeps & ProjectSecretaries,
  request: { principal: Principal; applicationId: string },
): Promise<ApplicationDetail> {
  const { application, steps, timeline } = await visibleOnly(
    deps,
    request.principal,
    request.applicationId,
    () => deps.repository.getApplicationRecord(request.applicationId),
  );
  const ordered = [...steps].sort((a, b) => a.openedAt.localeCompare(b.openedAt));
  return {
    application: toApplicationView(application),
    steps: ordered.map(toStepView),
    timeline: discloseTimeline(request.principal, timeline),
    deadlines: readDeadlines({ application, steps, timeline }, deps.now(), deps),
  };
}
