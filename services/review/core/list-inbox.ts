// The inbox (待办): a department's open steps, earliest due first, from the sparse "open steps by due time"
// index. The window clerk reads the window's (intake, and the enterprise's intake supplements it waits for),
// a department officer its own department's, an administrator any department's, naming it.
import { readableInboxes, standingInFor } from '#shared/access/index';
import type { Principal } from '#shared/auth/principal';
import type { Page } from '#shared/data/ports';
import { Forbidden, ValidationError } from '#shared/errors';
import type { DepartmentId, Step } from '#shared/model';
import type { CoreDeps } from '#services/application/core/ports';
import * as z from 'zod';

/** The inbox's views: the whole department's, the caller's own steps (指派/认领), the steps no one holds. */
export const inboxViewSchema = z.enum(['department', 'mine', 'unassigned']);
export type InboxView = z.infer<typeof inboxViewSchema>;

export interface ListInboxRequest {
  principal: Principal;
  department?: DepartmentId | undefined;
  /** @default 'department' */
  view?: InboxView | undefined;
  /** With `view: 'mine'`: the steps of this officer, whom the caller stands in for (代理) or leads. */
  for?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/**
 * One page of open steps. Steps waiting on the enterprise (补正) stay in the inbox of the department that
 * asked, so it sees what it waits for; their `kind` tells them apart. Enterprises have no inbox: their open
 * supplement requests show on their applications (status `supplement-requested`, and the open step).
 * @throws Forbidden for another department's inbox
 * @throws ValidationError `query.department` when the caller reads several inboxes and names none
 */
export async function listInbox(
  deps: Pick<CoreDeps, 'repository' | 'now'>,
  request: ListInboxRequest,
): Promise<Page<Step>> {
  const { principal, limit, cursor } = request;
  const readable = readableInboxes(principal);
  let department = request.department;
  if (department === undefined) {
    if (readable.departments.length !== 1 || readable.any) {
      throw new ValidationError('the request is invalid', [
        { path: 'query.department', message: 'name the department whose inbox to read' },
      ]);
    }
    department = readable.departments[0]!;
  } else if (!readable.any && !readable.departments.includes(department)) {
    throw new Forbidden(`The caller may not read the inbox of ${department}`);
  }
  // Each view is one Query on its own index partition, sorted by due time (GSI2, or GSI3 by holder).
  switch (request.view ?? 'department') {
    case 'department':
      return deps.repository.listOpenSteps(department, { limit, cursor, caller: principal.userId });
    case 'mine': {
      const holder = request.for ?? principal.userId;
      if (holder !== principal.userId && !(await mayReadHeldBy(deps, principal, holder))) {
        throw new Forbidden(`The caller does not stand in for ${holder}`);
      }
      return deps.repository.listHeldSteps(department, holder, { limit, cursor, caller: principal.userId });
    }
    case 'unassigned':
      return deps.repository.listHeldSteps(department, undefined, {
        limit,
        cursor,
        caller: principal.userId,
      });
  }
}

/** A lead reads any of its officers' steps; a substitute those of the officer it stands in for, while it does. */
async function mayReadHeldBy(
  deps: Pick<CoreDeps, 'repository' | 'now'>,
  principal: Principal,
  holder: string,
): Promise<boolean> {
  if (principal.lead === true) return true;
  return standingInFor(await deps.repository.listAbsences(holder), principal.userId, deps.now()).includes(
    holder,
  );
}
