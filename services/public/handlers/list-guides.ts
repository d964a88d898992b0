// GET /public/guides: the service guides of every permit in the catalogue in force (办事指南), no login.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { listGuides } from '../core/guides.ts';
import { listGuidesRoute as route } from '../routes.ts';
import { publicCacheHeaders } from '#shared/http/public-cache';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'listGuides',
    handle: async ({ deps }) => ({ body: listGuides(deps.config), headers: { ...publicCacheHeaders } }),
  });
}

export const handler = createHandler();
