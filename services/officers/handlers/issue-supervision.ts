// POST /applications/{applicationId}/supervision-orders: an administrator issues a supervision order (督办单).
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { issueSupervision } from '../core/supervision.ts';
import { issueSupervisionRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'issueSupervision',
    handle: async ({ deps, principal, params, body }) => ({
      body: (await issueSupervision(deps, { principal, ...params, body })).order,
    }),
  });
}

export const handler = createHandler();
