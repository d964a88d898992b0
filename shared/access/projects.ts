// Who may see and do what on the project register (项目库) and its problem tickets: pure functions of the principal
// and the items, beside the application rules (./index.ts), so all authorization stays in one
// place (this folder). What the caller may not see answers 404, never 403, so that existence does not leak.
import type { Principal } from '#shared/auth/principal';
import { Forbidden, NotFound } from '#shared/errors';
import type { EnterpriseId } from '#shared/model';
import type { Project, Ticket } from '#shared/projects/model';
import { actingAsSecretary, actingForEnterprise, type Acting } from './index.ts';

export type ProjectScope = Pick<Project, 'projectId' | 'enterpriseId' | 'people' | 'ticketDepartments'>;
export type TicketScope = Pick<Ticket, 'department'>;

/**
 * How the principal acts for the project's enterprise: as the enterprise itself, as an agency officer who
 * represents the enterprise (`agencyFor`, 全程代办), or as the approval secretary the service centre assigned to
 * this project (审批秘书: the rights follow the assignment, not the token). Recorded "on behalf of" the enterprise.
 */
export function actingForProject(principal: Principal, project: ProjectScope): Acting | undefined {
  return (
    actingForEnterprise(principal, project.enterpriseId) ??
    actingAsSecretary(principal, project.enterpriseId, project.people.secretaryUserId)
  );
}

/**
 * Whether the principal may read the project: administrators and the service centre (window) every project;
 * the enterprise side its own (and the secretary its assigned ones); a department officer the projects with a
 * ticket assigned to its department.
 */
export function canSeeProject(principal: Principal, project: ProjectScope): boolean {
  if (principal.roles.includes('administrator') || principal.roles.includes('window-clerk')) return true;
  if (actingForProject(principal, project)) return true;
  return (
    principal.roles.includes('department-officer') &&
    principal.department !== undefined &&
    project.ticketDepartments.includes(principal.department)
  );
}

/**
 * Whose "my assigned projects" list (`GET /projects?assigned=me`) the principal reads: an agency officer the
 * projects it is the approval secretary (审批秘书) of; a department officer the projects its department has a
 * ticket on. Anyone else (an enterprise lists its own projects, the window and administrators name an enterprise)
 * has no such list: undefined.
 */
export function assignedProjectsOf(
  principal: Principal,
): { secretaryUserId: string } | { department: string } | undefined {
  if (principal.roles.includes('agency-officer')) return { secretaryUserId: principal.userId };
  if (principal.roles.includes('department-officer') && principal.department !== undefined) {
    return { department: principal.department };
  }
  return undefined;
}

export const projectNotFound = (projectId: string): NotFound =>
  new NotFound(`Project ${projectId} not found`);
export const ticketNotFound = (ticketId: string): NotFound => new NotFound(`Ticket ${ticketId} not found`);

/** @throws NotFound when the principal may not see the project (the answer an unknown ID gets). */
export function assertCanSeeProject(principal: Principal, project: ProjectScope): void {
  if (!canSeeProject(principal, project)) throw projectNotFound(project.projectId);
}

/**
 * Which of a project's tickets the principal reads: all of them, except for a department officer who reads only
 * its department's (a department sees "the tickets assigned to it").
 */
export function canSeeTicket(principal: Principal, project: ProjectScope, ticket: TicketScope): boolean {
  if (!canSeeProject(principal, project)) return false;
  if (principal.roles.includes('administrator') || principal.roles.includes('window-clerk')) return true;
  if (actingForProject(principal, project)) return true;
  return principal.department === ticket.department;
}

/**
 * Who files an application for the enterprise: the enterprise side (`actingForEnterprise`), or the approval
 * secretary (审批秘书) of the register's project the application is filed for — the rights follow the project's
 * assignment, not the token's `agencyFor` — recorded on behalf of the enterprise. `project`: the one named by the
 * application, read from the register (undefined when none is named or it does not exist).
 */
export function filingActor(
  principal: Principal,
  enterpriseId: EnterpriseId,
  project: ProjectScope | undefined,
): Acting | undefined {
  return (
    actingForEnterprise(principal, enterpriseId) ??
    (project?.enterpriseId === enterpriseId
      ? actingAsSecretary(principal, enterpriseId, project.people.secretaryUserId)
      : undefined)
  );
}

/** Who registers a project (入库): the service centre for any enterprise, the enterprise side for its own. */
export function registeringActor(principal: Principal, enterpriseId: EnterpriseId): Acting {
  const acting = actingForEnterprise(principal, enterpriseId);
  if (acting) return acting;
  if (principal.roles.includes('window-clerk')) {
    return { actor: { userId: principal.userId, role: 'window-clerk' } };
  }
  throw new Forbidden('The caller may not register projects for this enterprise');
}

/**
 * Who reports progress or moves a project's stage: the enterprise side, or the service centre that keeps the
 * register. @throws NotFound (cannot see it), Forbidden (sees it, may not change it)
 */
export function progressActor(principal: Principal, project: ProjectScope): Acting {
  assertCanSeeProject(principal, project);
  const acting = actingForProject(principal, project);
  if (acting) return acting;
  if (principal.roles.includes('window-clerk'))
    return { actor: { userId: principal.userId, role: 'window-clerk' } };
  throw new Forbidden('The caller may not report progress on this project');
}

/** Assigning the secretary, leader and task force is the service centre's (window clerk). */
export function assigningActor(principal: Principal, project: ProjectScope): Acting {
  assertCanSeeProject(principal, project);
  if (principal.roles.includes('window-clerk'))
    return { actor: { userId: principal.userId, role: 'window-clerk' } };
  throw new Forbidden('Only the service centre assigns the people of a project');
}

/**
 * Who raises a ticket (问题清单): the enterprise, its secretary, or a department officer on a project it
 * already sees. @throws NotFound / Forbidden
 */
export function raisingActor(principal: Principal, project: ProjectScope): Acting {
  assertCanSeeProject(principal, project);
  const acting = actingForProject(principal, project);
  if (acting) return acting;
  if (principal.roles.includes('department-officer') && principal.department !== undefined) {
    return { actor: { userId: principal.userId, role: 'department-officer' } };
  }
  throw new Forbidden('The caller may not raise problems on this project');
}

/** The two sides of a ticket: the responsible department works it, the enterprise side confirms or rejects. */
export type TicketSide = 'department' | 'enterprise';

/**
 * The actor of a ticket action on `side`.
 * @throws NotFound when the caller may not see the ticket; Forbidden when it sees it but is not that side
 */
export function ticketActor(
  principal: Principal,
  project: ProjectScope,
  ticket: TicketScope & { ticketId: string },
  side: TicketSide,
): Acting {
  if (!canSeeTicket(principal, project, ticket)) {
    if (!canSeeProject(principal, project)) throw projectNotFound(project.projectId);
    throw ticketNotFound(ticket.ticketId);
  }
  if (side === 'department') {
    if (principal.roles.includes('department-officer') && principal.department === ticket.department) {
      return { actor: { userId: principal.userId, role: 'department-officer' } };
    }
    throw new Forbidden(`Only ${ticket.department} works this ticket`);
  }
  const acting = actingForProject(principal, project);
  if (acting) return acting;
  throw new Forbidden('Only the enterprise or its secretary confirms or rejects a fix');
}
