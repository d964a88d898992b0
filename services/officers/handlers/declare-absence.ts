// POST /officers/me/absences: an officer declares an absence and who stands in meanwhile (代理).
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { declareAbsence } from '../core/declare-absence.ts';
import { declareAbsenceRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'declareAbsence',
    handle: async ({ deps, principal, body }) => ({ body: await declareAbsence(deps, { principal, body }) }),
  });
}

export const handler = createHandler();
