// GET /admin/parcels: the standard-land parcels register (标准地), for administrators.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { listParcels } from '../core/parcel-admin.ts';
import { listParcelsRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'listParcels',
    handle: async ({ deps }) => ({
      body: await listParcels(deps),
    }),
  });
}

export const handler = createHandler();
