// GET /applications/{applicationId}: one application with its steps, its timeline and its deadlines (the
// working days used against each limit, the paused intervals, the due instants), as the caller may see it.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { getApplication } from '#services/application/core/get-application';
import { getApplicationRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'getApplication',
    handle: async ({ deps, principal, params }) => ({
      body: await getApplication(deps, { principal, applicationId: params.applicationId }),
    }),
  });
}

export const handler = createHandler();
