// The project register (项目库): registering a project (入库, by the service centre before anything is filed, or
// by the enterprise side), reporting progress and moving it forward through its stages (储备 → 签约 → 落地 → 开工 →
// 投产/竣工), assigning its people (审批秘书 / 代办员, leader, 专班), and reading it with its tickets, applications
// and timeline. Each change is one conditional transaction: the project's new version, its timeline entry and
// the report counters.
import * as z from 'zod';
import {
  assertCanSeeProject,
  assignedProjectsOf,
  assigningActor,
  canSeeProject,
  canSeeTicket,
  progressActor,
  projectNotFound,
  registeringActor,
} from '#shared/access/projects';
import type { Principal } from '#shared/auth/principal';
import { ValidationError } from '#shared/errors';
import { enterpriseIdSchema, text, type Application } from '#shared/model';
import { advanceCounters, monthIn, registrationCounters } from '#shared/projects/counters';
import { projectEvent } from '#shared/projects/events';
import {
  plannedDatesSchema,
  projectPeopleSchema,
  projectSchema,
  projectStageSchema,
  projectStages,
  stageIndex,
  type Project,
  type ProjectEvent,
  type ProjectStage,
  type Ticket,
} from '#shared/projects/model';
import { calendarDateSchema } from '#shared/model';
import type { ProjectDeps } from './ports.ts';
import { ticketView, type TicketView } from './tickets.ts';

export const registerProjectBodySchema = projectSchema
  .pick({ name: true, industry: true, location: true, plannedInvestmentYuan: true })
  .extend({
    enterpriseId: enterpriseIdSchema
      .optional()
      .describe('The enterprise the project belongs to; required unless the caller is that enterprise'),
    stage: projectStageSchema
      .optional()
      .describe('The stage it enters the register at; default reserve (储备)'),
    plannedDates: plannedDatesSchema.optional(),
  })
  .strict();
export type RegisterProjectBody = z.infer<typeof registerProjectBodySchema>;

export const reportProgressBodySchema = z
  .strictObject({
    toStage: projectStageSchema.optional().describe('A later stage the project has reached'),
    actualOn: calendarDateSchema.optional().describe('When it was reached; default today'),
    plannedDates: plannedDatesSchema.optional().describe('Revised planned dates'),
    note: text(1000).optional(),
  })
  .refine((b) => b.toStage !== undefined || b.note !== undefined || b.plannedDates !== undefined, {
    message: 'report a stage, a note or planned dates',
  });
export type ReportProgressBody = z.infer<typeof reportProgressBodySchema>;

export const assignPeopleBodySchema = projectPeopleSchema;

export interface ProjectView {
  project: Project;
  tickets: TicketView[];
  /** The applications filed for this project (an application belongs to one project). */
  applications: Pick<Application, 'applicationId' | 'projectName' | 'status' | 'track' | 'createdAt'>[];
  timeline: ProjectEvent[];
}

const today = (deps: ProjectDeps, now: Date): string => deps.calendar.localDate(now);

export async function registerProject(
  deps: ProjectDeps,
  request: { principal: Principal; body: RegisterProjectBody },
): Promise<Project> {
  const { principal, body } = request;
  const enterpriseId = body.enterpriseId ?? principal.enterpriseId;
  if (enterpriseId === undefined) {
    throw new ValidationError('the request is invalid', [
      { path: 'enterpriseId', message: 'name the enterprise the project belongs to' },
    ]);
  }
  const acting = registeringActor(principal, enterpriseId);
  const now = deps.now();
  const at = now.toISOString();
  const stage = body.stage ?? 'reserve';
  const stages = Object.fromEntries(
    projectStages.map((s) => [
      s,
      {
        ...(body.plannedDates?.[s] ? { plannedOn: body.plannedDates[s] } : {}),
        ...(s === stage ? { actualOn: today(deps, now) } : {}),
      },
    ]),
  ) as Project['stages'];
  const project: Project = {
    projectId: `prj-${deps.newId()}`,
    enterpriseId,
    name: body.name,
    industry: body.industry,
    location: body.location,
    plannedInvestmentYuan: body.plannedInvestmentYuan,
    stage,
    stages,
    people: {},
    ticketDepartments: [],
    registeredBy: acting.actor,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await deps.projects.commitProject({
    create: [project],
    events: [
      projectEvent({
        projectId: project.projectId,
        eventId: `registered-${deps.newId()}`,
        type: 'project-registered',
        at,
        actor: acting.actor,
        onBehalfOf: acting.onBehalfOf,
        toStage: stage,
        detail: {
          name: project.name,
          industry: project.industry,
          plannedInvestmentYuan: project.plannedInvestmentYuan,
        },
      }),
    ],
    counters: registrationCounters(monthIn(deps.calendar, now), stage),
  });
  return project;
}

async function loadProject(deps: ProjectDeps, projectId: string): Promise<Project> {
  const project = await deps.projects.findProject(projectId);
  if (!project) throw projectNotFound(projectId);
  return project;
}

/**
 * Progress from the enterprise side (or the service centre): a later stage reached (every stage passed gets
 * the date), revised planned dates, or a note. A stage never moves backwards.
 */
export async function reportProgress(
  deps: ProjectDeps,
  request: { principal: Principal; projectId: string; body: ReportProgressBody },
): Promise<Project> {
  const { principal, body } = request;
  const project = await loadProject(deps, request.projectId);
  const acting = progressActor(principal, project);
  const now = deps.now();
  const at = now.toISOString();
  const to: ProjectStage | undefined = body.toStage;
  if (to !== undefined && stageIndex(to) <= stageIndex(project.stage)) {
    throw new ValidationError('the request is invalid', [
      { path: 'toStage', message: `the project is at ${project.stage}; a stage only moves forward` },
    ]);
  }
  const reachedOn = body.actualOn ?? today(deps, now);
  const stages = { ...project.stages };
  for (const s of projectStages) {
    const planned = body.plannedDates?.[s];
    if (planned) stages[s] = { ...stages[s], plannedOn: planned };
    if (to !== undefined && stageIndex(s) > stageIndex(project.stage) && stageIndex(s) <= stageIndex(to)) {
      stages[s] = { ...stages[s], actualOn: reachedOn };
    }
  }
  const next: Project = { ...project, stages, ...(to ? { stage: to } : {}), updatedAt: at };
  await deps.projects.commitProject({
    update: [next],
    events: [
      projectEvent({
        projectId: project.projectId,
        eventId: `progress-${deps.newId()}`,
        type: to ? 'project-stage-advanced' : 'project-progress-reported',
        at,
        actor: acting.actor,
        onBehalfOf: acting.onBehalfOf,
        ...(to ? { fromStage: project.stage, toStage: to } : {}),
        detail: {
          note: body.note,
          actualOn: to ? reachedOn : undefined,
          plannedDates: body.plannedDates
            ? Object.entries(body.plannedDates).map(([s, d]) => `${s}=${d}`)
            : undefined,
        },
      }),
    ],
    ...(to ? { counters: advanceCounters(monthIn(deps.calendar, now), project.stage, to) } : {}),
  });
  return { ...next, version: project.version + 1 };
}

/** The service centre names the project's secretary (审批秘书 / 代办员), leader and task force (专班). */
export async function assignPeople(
  deps: ProjectDeps,
  request: { principal: Principal; projectId: string; body: z.infer<typeof assignPeopleBodySchema> },
): Promise<Project> {
  const project = await loadProject(deps, request.projectId);
  const acting = assigningActor(request.principal, project);
  const at = deps.now().toISOString();
  const next: Project = { ...project, people: request.body, updatedAt: at };
  await deps.projects.commitProject({
    update: [next],
    events: [
      projectEvent({
        projectId: project.projectId,
        eventId: `people-${deps.newId()}`,
        type: 'project-people-assigned',
        at,
        actor: acting.actor,
        detail: {
          secretaryUserId: request.body.secretaryUserId ?? null,
          previousSecretaryUserId: project.people.secretaryUserId ?? null,
          leader: request.body.leader ?? null,
          taskForce: request.body.taskForce ?? null,
        },
      }),
    ],
  });
  return { ...next, version: project.version + 1 };
}

/**
 * The project as the caller may see it: a department officer reads only its department's tickets and their
 * timeline entries; the applications filed for it come from the enterprise's own index (no Scan).
 */
export async function getProject(
  deps: ProjectDeps,
  request: { principal: Principal; projectId: string },
): Promise<ProjectView> {
  const { principal } = request;
  const detail = await deps.projects.getProjectDetail(request.projectId);
  const { project } = detail;
  assertCanSeeProject(principal, project);
  const now = deps.now();
  const visible = detail.tickets.filter((t: Ticket) => canSeeTicket(principal, project, t));
  const visibleIds = new Set(visible.map((t) => t.ticketId));
  const timeline = detail.events
    .filter((e) => e.ticketId === undefined || visibleIds.has(e.ticketId))
    .sort((a, b) => a.at.localeCompare(b.at));
  const applications: ProjectView['applications'] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.repository.listByEnterprise(project.enterpriseId, {
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    for (const a of page.items) {
      if (a.projectId === project.projectId) {
        applications.push({
          applicationId: a.applicationId,
          projectName: a.projectName,
          status: a.status,
          track: a.track,
          createdAt: a.createdAt,
        });
      }
    }
    cursor = page.cursor;
  } while (cursor);
  return {
    project,
    tickets: visible.map((t) => ticketView(t, now, deps)),
    applications: applications.sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    timeline,
  };
}

/**
 * A page of an enterprise's projects the caller may see (GSI1, newest first): the enterprise side its own; the
 * service centre and administrators any; a secretary or a department officer those it sees, filtered per page
 * (so a page may hold fewer than `limit`; follow the cursor).
 */
export async function listProjects(
  deps: ProjectDeps,
  request: {
    principal: Principal;
    enterpriseId?: string | undefined;
    /** `me`: the caller's assigned projects (secretary / department) instead of an enterprise's. */
    assigned?: 'me' | undefined;
    limit?: number | undefined;
    cursor?: string | undefined;
  },
): Promise<{ items: Project[]; cursor?: string }> {
  const options = {
    caller: request.principal.userId,
    ...(request.limit !== undefined ? { limit: request.limit } : {}),
    ...(request.cursor !== undefined ? { cursor: request.cursor } : {}),
  };
  let page: { items: Project[]; cursor?: string };
  if (request.assigned === 'me') {
    if (request.enterpriseId !== undefined) {
      throw new ValidationError('the request is invalid', [
        { path: 'enterpriseId', message: 'not with assigned=me: the list is the caller’s assigned projects' },
      ]);
    }
    const assignee = assignedProjectsOf(request.principal);
    if (assignee === undefined) {
      throw new ValidationError('the request is invalid', [
        {
          path: 'assigned',
          message:
            'only approval secretaries (agency officers) and department officers have assigned projects; ' +
            'an enterprise lists its own projects without it',
        },
      ]);
    }
    page = await deps.projects.listAssignedProjects(assignee, options);
  } else {
    const enterpriseId = request.enterpriseId ?? request.principal.enterpriseId;
    if (enterpriseId === undefined) {
      throw new ValidationError('the request is invalid', [
        { path: 'enterpriseId', message: 'name the enterprise whose projects to list' },
      ]);
    }
    page = await deps.projects.listProjectsByEnterprise(enterpriseId, options);
  }
  // The index is read eventually consistent; the projects themselves decide (a reassigned one drops out).
  return {
    items: page.items.filter((project) => canSeeProject(request.principal, project)),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
}
