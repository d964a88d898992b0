// The project register's repository port: what the core may ask of the store of projects, their problem tickets,
// their timelines and their counters. Types only (no AWS imports), like ./ports.ts.
import type { Project, ProjectEvent, Ticket } from '#shared/projects/model';
import type { ProjectDepartmentMarker } from './project-keys.ts';
import type { CounterIncrement, Page, PageOptions } from './ports.ts';

export type { ProjectDepartmentMarker };

/** Whose "my assigned projects" list: an approval secretary's (审批秘书) or a department's. */
export type ProjectAssignee = { secretaryUserId: string } | { department: string };

/** A project with every ticket and event of its partition, read in one Query. */
export interface ProjectDetail {
  project: Project;
  tickets: Ticket[];
  events: ProjectEvent[];
}

/** A project or one of its tickets: the versioned items a change creates or updates. */
export type ProjectStateItem = Project | Ticket;

export interface ProjectChange {
  /** Items that must not exist yet; stored with version 1. */
  create?: readonly ProjectStateItem[];
  /** Whole new states of items read earlier; `version` must still be the stored one; stored with version + 1. */
  update?: readonly ProjectStateItem[];
  /** The timeline entries of this change: at least one. */
  events: readonly ProjectEvent[];
  counters?: readonly CounterIncrement[];
  /** Departments joining the project (their first ticket on it): marker items that must not exist yet. */
  departmentMarkers?: readonly ProjectDepartmentMarker[];
}

export interface ProjectRepository {
  findProject(projectId: string): Promise<Project | undefined>;
  /** @throws NotFound */
  getProjectDetail(projectId: string): Promise<ProjectDetail>;
  findTicket(projectId: string, ticketId: string): Promise<Ticket | undefined>;
  /** The enterprise's projects, newest first (GSI1; eventually consistent). */
  listProjectsByEnterprise(enterpriseId: string, options?: PageOptions): Promise<Page<Project>>;
  /** Tickets the department owes work on, earliest due first (GSI2; eventually consistent). */
  listOpenTickets(department: string, options?: PageOptions): Promise<Page<Ticket>>;
  /**
   * "My assigned projects", newest first: GSI3 keys (eventually consistent), then the projects (BatchGetItem).
   */
  listAssignedProjects(assignee: ProjectAssignee, options?: PageOptions): Promise<Page<Project>>;
  /**
   * One conditional transaction, as `ApplicationRepository.commit`.
   * @throws Conflict `STALE_VERSION`, `ALREADY_EXISTS`
   */
  commitProject(change: ProjectChange): Promise<void>;
}
