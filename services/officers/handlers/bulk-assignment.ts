// POST /steps/bulk-assignment: a lead reassigns many steps, each answered on its own (批量转办).
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { bulkAssign } from '../core/bulk-assignment.ts';
import { bulkAssignmentRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'bulkAssignment',
    handle: async ({ deps, principal, body }) => ({ body: await bulkAssign(deps, { principal, body }) }),
  });
}

export const handler = createHandler();
