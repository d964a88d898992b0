// POST /applications/{applicationId}/ratings: the enterprise, or its agency officer, rates a finished service once.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { rateApplication } from '../core/ratings.ts';
import { rateApplicationRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'rateApplication',
    handle: async ({ deps, principal, params, body }) => ({
      status: 201,
      body: await rateApplication(deps, { principal, applicationId: params.applicationId, body }),
    }),
  });
}

export const handler = createHandler();
