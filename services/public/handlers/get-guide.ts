// GET /public/guides/{permitType}: one permit's service guide (办事指南), no login.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { guideOf } from '../core/guides.ts';
import { getGuideRoute as route } from '../routes.ts';
import { publicCacheHeaders } from '#shared/http/public-cache';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'getGuide',
    handle: async ({ deps, params }) => ({
      body: guideOf(deps.config, params.permitType),
      headers: { ...publicCacheHeaders },
    }),
  });
}

export const handler = createHandler();
