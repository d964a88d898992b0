// PUT /projects/{projectId}/people: the service centre assigns the project's secretary (审批秘书 / 代办员),
// responsible leader and task force (专班).
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { assignPeople } from '../core/projects.ts';
import { assignProjectPeopleRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'assignProjectPeople',
    handle: async ({ deps, principal, params, body }) => ({
      body: await assignPeople(deps, { principal, projectId: params.projectId, body }),
    }),
  });
}

export const handler = createHandler();
