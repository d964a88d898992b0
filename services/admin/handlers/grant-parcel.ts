// POST /admin/parcels/{parcelId}/grant: an administrator records the grant (出让) of a parcel to an enterprise with
// the land acquisition date the standard-land clock starts from; audited.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { grantParcel } from '../core/parcel-admin.ts';
import { grantParcelRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'grantParcel',
    handle: async ({ deps, principal, params, body }) => ({
      body: await grantParcel(deps, {
        actor: { userId: principal.userId, role: 'administrator' },
        parcelId: params.parcelId,
        body,
      }),
    }),
  });
}

export const handler = createHandler();
