// GET /supervision-orders: the supervision orders not answered yet (督办), the board or a department's list.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { listUnansweredSupervision } from '../core/supervision.ts';
import { listSupervisionRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'listSupervision',
    handle: async ({ deps, principal, query }) => ({
      body: await listUnansweredSupervision(deps, { principal, ...query }),
    }),
  });
}

export const handler = createHandler();
