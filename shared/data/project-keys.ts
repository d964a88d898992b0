// How the project register's items map onto the single table's generic keys (see ./README.md): a project, its
// tickets and its timeline share one partition, so a project's detail is one Query; two sparse index entries
// serve "projects of enterprise Y" (GSI1) and "open tickets of department X by due time" (GSI2, the sweeper's).
import type { Project, ProjectEvent, Ticket } from '#shared/projects/model';
import { workingTicketStatuses } from '#shared/projects/model';
import type { PrimaryKey } from './keys.ts';

export const projectPartition = (projectId: string): string => `PRJ#${projectId}`;
export const projectSortKey = 'P';
export const ticketSortKeyPrefix = 'TKT#';
export const projectEventSortKeyPrefix = 'EVT#';
export const enterpriseProjectsPartition = (enterpriseId: string): string => `PENT#${enterpriseId}`;
export const openTicketsPartition = (department: string): string => `TOPEN#${department}`;
/** GSI3 (keys only read): the projects an approval secretary (审批秘书) is assigned to. */
export const secretaryProjectsPartition = (secretaryUserId: string): string => `PSEC#${secretaryUserId}`;
/** GSI3 (keys only read): the projects a department has (had) a ticket on, one marker item each. */
export const departmentProjectsPartition = (department: string): string => `PDEPT#${department}`;
export const projectDepartmentSortKeyPrefix = 'DEPT#';

export const projectKey = (projectId: string): PrimaryKey => ({
  pk: projectPartition(projectId),
  sk: projectSortKey,
});

export const ticketKey = (projectId: string, ticketId: string): PrimaryKey => ({
  pk: projectPartition(projectId),
  sk: `${ticketSortKeyPrefix}${ticketId}`,
});

export const projectEventKey = (event: Pick<ProjectEvent, 'projectId' | 'at' | 'eventId'>): PrimaryKey => ({
  pk: projectPartition(event.projectId),
  sk: `${projectEventSortKeyPrefix}${event.at}#${event.eventId}`,
});

export const projectDepartmentKey = (projectId: string, department: string): PrimaryKey => ({
  pk: projectPartition(projectId),
  sk: `${projectDepartmentSortKeyPrefix}${department}`,
});

/** A department's marker on a project (see ./README.md "my assigned projects"): written once, never deleted. */
export interface ProjectDepartmentMarker {
  projectId: string;
  department: string;
  /** The project's creation instant: the lists sort by it, newest first. */
  createdAt: string;
}

/** GSI3 "projects assigned to secretary U", newest first: sparse, only while a secretary is named. */
export function secretaryProjectIndexKey(project: Project): { gsi3pk: string; gsi3sk: string } | undefined {
  const secretary = project.people.secretaryUserId;
  if (secretary === undefined) return undefined;
  return {
    gsi3pk: secretaryProjectsPartition(secretary),
    gsi3sk: `${project.createdAt}#${project.projectId}`,
  };
}

/** GSI3 "projects of department X", newest first: on the department's marker item. */
export function departmentProjectIndexKey(marker: ProjectDepartmentMarker): {
  gsi3pk: string;
  gsi3sk: string;
} {
  return {
    gsi3pk: departmentProjectsPartition(marker.department),
    gsi3sk: `${marker.createdAt}#${marker.projectId}`,
  };
}

/** GSI1 "projects of enterprise Y", newest first. */
export function enterpriseProjectIndexKey(project: Project): { gsi1pk: string; gsi1sk: string } {
  return {
    gsi1pk: enterpriseProjectsPartition(project.enterpriseId),
    gsi1sk: `${project.createdAt}#${project.projectId}`,
  };
}

/** GSI2 "open tickets of department X by due time": sparse, only while the department owes work on it. */
export function openTicketIndexKey(ticket: Ticket): { gsi2pk: string; gsi2sk: string } | undefined {
  if (!workingTicketStatuses.includes(ticket.status)) return undefined;
  return {
    gsi2pk: openTicketsPartition(ticket.department),
    gsi2sk: `${ticket.dueAt}#${ticket.projectId}#${ticket.ticketId}`,
  };
}
