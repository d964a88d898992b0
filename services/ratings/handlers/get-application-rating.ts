// GET /applications/{applicationId}/ratings: the rating of an application and the follow-up of a poor one.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { getApplicationRating } from '../core/ratings.ts';
import { getApplicationRatingRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'getApplicationRating',
    handle: async ({ deps, principal, params }) => ({
      body: await getApplicationRating(deps, { principal, applicationId: params.applicationId }),
    }),
  });
}

export const handler = createHandler();
