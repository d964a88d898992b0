// POST /applications/{applicationId}/commitment: the enterprise, or its agency officer, signs the
// standard-land commitment (承诺书) before the window decides the intake.
import { z } from 'zod';
import { lazyDeps, type DepsSource } from '#services/api/deps';
import { applicationIdSchema } from '#shared/model';
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { signCommitment, signCommitmentBodySchema } from '../core/sign-commitment.ts';
import { applicationViewSchema, toApplicationView } from '../core/views.ts';

export const route = defineRoute({
  method: 'POST',
  path: '/applications/{applicationId}/commitment',
  summary: 'Sign the standard-land commitment (承诺书)',
  description:
    'Standard-land track only, until the intake is decided; signing again replaces the indicators. ' +
    '409 NOT_STANDARD_LAND, INTAKE_DECIDED or STALE_VERSION (with `expectedVersion`).',
  tags: ['intake'],
  roles: ['enterprise', 'agency-officer'],
  params: z.strictObject({ applicationId: applicationIdSchema }),
  body: signCommitmentBodySchema,
  response: applicationViewSchema,
  errors: [404, 409],
  idempotent: true,
});

export function createHandler(deps?: DepsSource): HttpHandler {
  const getDeps = lazyDeps(deps);
  return httpHandler({
    ...route,
    name: 'signCommitment',
    idempotency: () => getDeps().idempotency,
    handle: async ({ principal, params, body }) => {
      const application = await signCommitment(getDeps(), {
        principal,
        applicationId: params.applicationId,
        body,
      });
      return { body: toApplicationView(application) };
    },
  });
}

export const handler = createHandler();
