// PUT /admin/service-config: an administrator writes a new version of the service configuration; applications
// accepted afterwards are handled under it, running ones keep theirs. Audited under CONFIG#service.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { putServiceConfig } from '../core/service-config-admin.ts';
import { serviceConfigAdminDeps } from '../service-config-deps.ts';
import { putServiceConfigRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'putServiceConfig',
    handle: async ({ deps, principal, body }) => ({
      body: await putServiceConfig(serviceConfigAdminDeps(deps), {
        actor: { userId: principal.userId, role: 'administrator' },
        body,
      }),
    }),
  });
}

export const handler = createHandler();
