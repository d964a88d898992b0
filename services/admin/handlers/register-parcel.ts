// PUT /admin/parcels/{parcelId}: an administrator registers a standard-land parcel with its control indicators
// (or corrects one not yet granted); audited.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { registerParcel } from '../core/parcel-admin.ts';
import { registerParcelRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'registerParcel',
    handle: async ({ deps, principal, params, body }) => ({
      body: await registerParcel(deps, {
        actor: { userId: principal.userId, role: 'administrator' },
        parcelId: params.parcelId,
        body,
      }),
    }),
  });
}

export const handler = createHandler();
