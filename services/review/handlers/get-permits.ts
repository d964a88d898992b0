// GET /applications/{applicationId}/permits: the certificates issued together (同发), once issued.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { getPermits } from '../core/get-permits.ts';
import { getPermitsRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'getPermits',
    handle: async ({ deps, principal, params }) => ({
      body: await getPermits(deps, { principal, applicationId: params.applicationId }),
    }),
  });
}

export const handler = createHandler();
