// POST /projects: registers a project (入库): the service centre for any enterprise, the enterprise side its own.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { registerProject } from '../core/projects.ts';
import { registerProjectRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'registerProject',
    handle: async ({ deps, principal, body }) => ({
      status: 201,
      body: await registerProject(deps, { principal, body }),
    }),
  });
}

export const handler = createHandler();
