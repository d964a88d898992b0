// POST /applications: an enterprise, or the agency officer acting for it, files an application (一窗受理);
// its approval workflow starts. An Idempotency-Key header makes a retried submission answer with the first
// (httpHandler's idempotency, as on every route that changes something).
import { lazyDeps, type DepsSource } from '#services/api/deps';
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { submitApplication, submitApplicationBodySchema } from '../core/submit-application.ts';
import { applicationViewSchema, toApplicationView } from '../core/views.ts';

export const route = defineRoute({
  method: 'POST',
  path: '/applications',
  summary: 'File an application',
  description:
    'Writes the application (status submitted) and starts its approval workflow. Agency officers name the ' +
    'enterprise they act for in `enterpriseId`. Send an `Idempotency-Key` header to make retries safe: a ' +
    'replay answers with the first response (header `idempotent-replayed: true`), and the same key with a ' +
    'different body answers 409. The key also names the application, so a retry after a failed attempt ' +
    'finishes that attempt instead of filing a second application.',
  tags: ['intake'],
  roles: ['enterprise', 'agency-officer'],
  body: submitApplicationBodySchema,
  response: applicationViewSchema,
  status: 201,
  errors: [409],
  idempotent: true,
});

export function createHandler(deps?: DepsSource): HttpHandler {
  const getDeps = lazyDeps(deps);
  return httpHandler({
    ...route,
    name: 'submitApplication',
    idempotency: () => getDeps().idempotency,
    handle: async ({ principal, body, idempotencyKey }) => {
      const { application } = await submitApplication(getDeps(), { principal, body, idempotencyKey });
      return {
        status: 201,
        body: toApplicationView(application),
        headers: { location: `/applications/${application.applicationId}` },
      };
    },
  });
}

export const handler = createHandler();
