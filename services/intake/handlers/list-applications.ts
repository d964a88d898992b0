// GET /applications: the applications the caller may see, newest first, a page at a time, always through
// the enterprise index (no Scan): the enterprise side lists its own, everyone else names `enterpriseId`.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { listApplications } from '../core/list-applications.ts';
import { toApplicationView } from '#services/application/core/views';
import { listApplicationsRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'listApplications',
    handle: async ({ deps, principal, query }) => {
      const page = await listApplications(deps, { principal, ...query });
      return { body: { ...page, items: page.items.map(toApplicationView) } };
    },
  });
}

export const handler = createHandler();
