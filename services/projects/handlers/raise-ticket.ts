// POST /projects/{projectId}/tickets: the enterprise, its secretary or a department raises a problem (问题清单).
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { raiseTicket } from '../core/tickets.ts';
import { raiseTicketRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'raiseTicket',
    handle: async ({ deps, principal, params, body }) => ({
      status: 201,
      body: await raiseTicket(deps, { principal, projectId: params.projectId, body }),
    }),
  });
}

export const handler = createHandler();
