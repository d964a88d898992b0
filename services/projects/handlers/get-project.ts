// GET /projects/{projectId}: a project with its tickets (live clocks), applications and timeline, as the caller
// may see it.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { getProject } from '../core/projects.ts';
import { getProjectRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'getProject',
    handle: async ({ deps, principal, params }) => ({
      body: await getProject(deps, { principal, projectId: params.projectId }),
    }),
  });
}

export const handler = createHandler();
