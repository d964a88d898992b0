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
