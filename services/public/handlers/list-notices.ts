// GET /public/notices: the public notices (公示) of issued and revoked permits, no login; cacheable for five minutes.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { publicCacheHeaders } from '#shared/http/public-cache';
import { listNotices } from '../core/notices.ts';
import { listNoticesRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'listNotices',
    handle: async ({ deps, query }) => ({
      body: await listNotices(deps, query),
      headers: { ...publicCacheHeaders },
    }),
  });
}

export const handler = createHandler();
