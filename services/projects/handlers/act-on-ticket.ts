// POST /projects/{projectId}/tickets/{ticketId}/action: the department accepts or resolves; the enterprise side
// confirms (销号) or reopens.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { actOnTicket } from '../core/tickets.ts';
import { actOnTicketRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'actOnTicket',
    handle: async ({ deps, principal, params, body }) => ({
      body: await actOnTicket(deps, { principal, ...params, body }),
    }),
  });
}

export const handler = createHandler();
