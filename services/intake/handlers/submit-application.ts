// POST /applications: an enterprise, or the agency officer acting for it, files an application (一窗受理);
// its approval workflow starts. An Idempotency-Key header makes a retried submission answer with the first.
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
    'replay answers with the application the first request filed (header `idempotent-replayed: true`), and ' +
    'the same key with a different body answers 409.',
  tags: ['intake'],
  roles: ['enterprise', 'agency-officer'],
  body: submitApplicationBodySchema,
  response: applicationViewSchema,
  status: 201,
  errors: [409],
});

export function createHandler(deps?: DepsSource): HttpHandler {
  const getDeps = lazyDeps(deps);
  return httpHandler({
    ...route,
    name: 'submitApplication',
    handle: async ({ principal, body, idempotencyKey }) => {
      const { application, replayed } = await submitApplication(getDeps(), {
        principal,
        body,
        idempotencyKey,
      });
      return {
        status: 201,
        body: toApplicationView(application),
        headers: {
          location: `/applications/${application.applicationId}`,
          ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
        },
      };
    },
  });
}

export const handler = createHandler();
