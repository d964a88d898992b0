// POST /applications/{applicationId}/supervision-orders/{orderId}/answer: the department answers a 督办单.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { answerSupervision } from '../core/supervision.ts';
import { answerSupervisionRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'answerSupervision',
    handle: async ({ deps, principal, params, body }) => ({
      body: (await answerSupervision(deps, { principal, ...params, body })).order,
    }),
  });
}

export const handler = createHandler();
