// GET /admin/rating-follow-ups: the poor ratings (差评) the service centre has not handled yet, earliest due first.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { listOpenFollowUps } from '../core/ratings.ts';
import { listRatingFollowUpsRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'listRatingFollowUps',
    handle: async ({ deps, principal, query }) => ({
      body: await listOpenFollowUps(deps, { principal, ...query }),
    }),
  });
}

export const handler = createHandler();
