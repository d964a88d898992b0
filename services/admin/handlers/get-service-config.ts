// GET /admin/service-config: the service configuration in force (permit catalogue, time limits, 容缺 rules) with
// its latest changes, or an older version by `?revision=`.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { getServiceConfig } from '../core/service-config-admin.ts';
import { serviceConfigAdminDeps } from '../service-config-deps.ts';
import { getServiceConfigRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'getServiceConfig',
    handle: async ({ deps, query }) => ({
      body: await getServiceConfig(
        serviceConfigAdminDeps(deps),
        query.revision === undefined ? {} : { revision: query.revision },
      ),
    }),
  });
}

export const handler = createHandler();
