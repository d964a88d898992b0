// POST /applications: an enterprise, or the agency officer acting for it, files an application (一窗受理);
// its approval workflow starts. An Idempotency-Key header makes a retried submission answer with the first
// (httpHandler's idempotency, as on every route that changes something).
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { submitApplication } from '../core/submit-application.ts';
import { toApplicationView } from '#services/application/core/views';
import { submitApplicationRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'submitApplication',
    handle: async ({ deps, principal, body, idempotencyKey }) => {
      const { application } = await submitApplication(deps, { principal, body, idempotencyKey });
      return {
        status: 201,
        body: toApplicationView(application),
        headers: { location: `/applications/${application.applicationId}` },
      };
    },
  });
}

export const handler = createHandler();
