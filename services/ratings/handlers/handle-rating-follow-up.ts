// POST /admin/rating-follow-ups/{applicationId}/handle: an administrator records the handling of a poor rating.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { handleFollowUp } from '../core/ratings.ts';
import { handleRatingFollowUpRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'handleRatingFollowUp',
    handle: async ({ deps, principal, params, body }) => ({
      body: (await handleFollowUp(deps, { principal, applicationId: params.applicationId, body })).followUp,
    }),
  });
}

export const handler = createHandler();
