// POST /projects/{projectId}/progress: the enterprise side (or the service centre) reports a later stage,
// revised planned dates or a note; recorded on the project's timeline.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { reportProgress } from '../core/projects.ts';
import { reportProjectProgressRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'reportProjectProgress',
    handle: async ({ deps, principal, params, body }) => ({
      body: await reportProgress(deps, { principal, projectId: params.projectId, body }),
    }),
  });
}

export const handler = createHandler();
