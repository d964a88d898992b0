// The one-off migration of applications filed before the project register existed: each enterprise's
// applications without a project get one, created from their data (one project per distinct project name, so an
// enterprise's several filings for one project land on one project). Idempotent and safe to re-run: the project's
// id is derived from (enterprise, project name), a project that exists already is reused, and each application is
// attached with a version-conditioned update and a 'project-linked' event on its own timeline.
import { createHash } from 'node:crypto';
import { Conflict } from '#shared/errors';
import type { ApplicationRepository } from '#shared/data/ports';
import type { Actor, Application } from '#shared/model';
import { projectEvent } from '#shared/projects/events';
import { projectStages, type Project, type ProjectStage } from '#shared/projects/model';
import type { ProjectDeps } from './ports.ts';

export interface AdoptDeps extends Omit<ProjectDeps, 'repository'> {
  repository: Pick<ApplicationRepository, 'listByEnterprise' | 'commit'>;
}

export interface AdoptResult {
  /** Projects this run created. */
  created: string[];
  /** `<applicationId> → <projectId>` attached by this run. */
  linked: string[];
}

/** The platform itself, running the migration. */
export const migrationActor: Actor = { userId: 'project-migration', role: 'system' };

/** Issued permits mean the land is secured; otherwise a filed application means the project was signed. */
function stageOf(applications: readonly Application[]): ProjectStage {
  return applications.some((a) => (a.permits?.length ?? 0) > 0 || a.landAcquiredOn !== undefined)
    ? 'land-secured'
    : 'signed';
}

export const migratedProjectId = (enterpriseId: string, projectName: string): string =>
  `prj-m-${createHash('sha256').update(`${enterpriseId}\n${projectName}`).digest('hex').slice(0, 32)}`;

export async function adoptApplications(deps: AdoptDeps, enterpriseId: string): Promise<AdoptResult> {
  const result: AdoptResult = { created: [], linked: [] };
  const orphans: Application[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.repository.listByEnterprise(enterpriseId, {
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    orphans.push(...page.items.filter((a) => a.projectId === undefined));
    cursor = page.cursor;
  } while (cursor);

  const byName = new Map<string, Application[]>();
  for (const a of orphans) byName.set(a.projectName, [...(byName.get(a.projectName) ?? []), a]);

  for (const [name, applications] of byName) {
    const projectId = migratedProjectId(enterpriseId, name);
    const at = deps.now().toISOString();
    if (!(await deps.projects.findProject(projectId))) {
      const first = [...applications].sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0]!;
      const stage = stageOf(applications);
      const project: Project = {
        projectId,
        enterpriseId,
        name,
        industry: first.projectType,
        location: first.landParcel.location,
        plannedInvestmentYuan: applications.reduce((max, a) => Math.max(max, a.investmentYuan), 0),
        stage,
        stages: Object.fromEntries(
          projectStages.map((s) => [
            s,
            s === stage ? { actualOn: deps.calendar.localDate(new Date(first.createdAt)) } : {},
          ]),
        ) as Project['stages'],
        people: {},
        ticketDepartments: [],
        registeredBy: migrationActor,
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      try {
        // Not counted as registered in the reports: it was not registered this month, it was found.
        await deps.projects.commitProject({
          create: [project],
          events: [
            projectEvent({
              projectId,
              eventId: 'migrated',
              type: 'project-registered',
              at,
              actor: migrationActor,
              toStage: stage,
              detail: { migratedFrom: applications.slice(0, 50).map((a) => a.applicationId) },
            }),
          ],
        });
        result.created.push(projectId);
      } catch (error) {
        if (!(error instanceof Conflict && error.code === 'ALREADY_EXISTS')) throw error;
      }
    }
    for (const application of applications) {
      try {
        await deps.repository.commit({
          update: [{ ...application, projectId, updatedAt: at }],
          events: [
            {
              applicationId: application.applicationId,
              eventId: `project-linked-${projectId}`,
              at,
              type: 'project-linked',
              actor: migrationActor,
              detail: { projectId },
            },
          ],
        });
        result.linked.push(`${application.applicationId} → ${projectId}`);
      } catch (error) {
        // Changed meanwhile (its workflow moved on): the next run attaches it.
        if (!(error instanceof Conflict)) throw error;
      }
    }
  }
  return result;
}
