// Who may search which applications (officers' search, issue 14): the rule in one place, beside the others of
// shared/access. The window and administrators search every application; a department officer those its
// department has (had) a step of, which is exactly what canSeeApplication lets it read.
import type { Principal } from '#shared/auth/principal';
import { windowDepartment, type DepartmentId } from '#shared/model';

/** What the principal's search may read: every application, one department's, or nothing. */
export type SearchScope =
  { kind: 'all' } | { kind: 'department'; department: DepartmentId } | { kind: 'none' };

/**
 * The applications a search by `principal` may return, narrowed by a requested `department`. A department officer
 * asking for another department's applications gets `none` (an empty result, like any filter nothing matches).
 */
export function searchScope(principal: Principal, department?: DepartmentId): SearchScope {
  if (principal.roles.includes('administrator') || principal.roles.includes('window-clerk')) {
    // Every application passes the window (一窗): its applications are all of them.
    return department === undefined || department === windowDepartment
      ? { kind: 'all' }
      : { kind: 'department', department };
  }
  if (principal.roles.includes('department-officer') && principal.department !== undefined) {
    return department === undefined || department === principal.department
      ? { kind: 'department', department: principal.department }
      : { kind: 'none' };
  }
  return { kind: 'none' };
}
