// POST /applications/{applicationId}/commitment: the enterprise, or its agency officer, signs the
// standard-land commitment (承诺书) before the window decides the intake.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import type { HttpHandler } from '#shared/http/handler';
import { signCommitment } from '../core/sign-commitment.ts';
import { toApplicationView } from '#services/application/core/views';
import { signCommitmentRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'signCommitment',
    handle: async ({ deps, principal, params, body }) => {
      const application = await signCommitment(deps, {
        principal,
        applicationId: params.applicationId,
        body,
      });
      return { body: toApplicationView(application) };
    },
  });
}

export const handler = createHandler();
