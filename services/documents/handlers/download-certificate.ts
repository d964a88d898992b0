// GET /applications/{applicationId}/permits/{certificateNo}/certificate: a presigned GET of the permit's signed
// PDF certificate (电子证照), for everyone who may see the application; recorded on the timeline.
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { downloadCertificate } from '../core/certificates.ts';
import { downloadTicketSchema } from '../core/model.ts';
import { lazyDocumentsDeps, type DocumentsDepsSource } from './deps.ts';
import { certificateParams, readers } from './params.ts';

export const route = defineRoute({
  method: 'GET',
  path: '/applications/{applicationId}/permits/{certificateNo}/certificate',
  summary: "A short-lived download URL of a permit's PDF certificate (电子证照)",
  description:
    "`sha256` is the certificate's fingerprint, the one the public verification answers. 404 until the " +
    'certificate exists, and for an application the caller may not see.',
  tags: ['documents'],
  roles: readers,
  params: certificateParams,
  response: downloadTicketSchema,
  errors: [404],
});

export function createHandler(deps?: DocumentsDepsSource): HttpHandler {
  const getDeps = lazyDocumentsDeps(deps);
  return httpHandler({
    ...route,
    name: 'downloadCertificate',
    handle: async ({ principal, params }) => ({
      body: await downloadCertificate(getDeps(), {
        principal,
        applicationId: params.applicationId,
        certificateNo: params.certificateNo,
      }),
    }),
  });
}

export const handler = createHandler();
