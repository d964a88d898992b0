// GET /projects: a page of an enterprise's projects the caller may see, newest first.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { listProjects } from '../core/projects.ts';
import { listProjectsRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'listProjects',
    handle: async ({ deps, principal, query }) => ({
      body: await listProjects(deps, { principal, ...query }),
    }),
  });
}

export const handler = createHandler();
