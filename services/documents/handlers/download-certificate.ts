// GET /applications/{applicationId}/permits/{certificateNo}/certificate: a presigned GET of the permit's signed
// PDF certificate (电子证照), for everyone who may see the application; recorded on the timeline.
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { downloadCertificateRoute as route } from '../routes.ts';
import { downloadCertificate } from '../core/certificates.ts';
import { lazyDocumentsDeps, type DocumentsDepsSource } from './deps.ts';

export { route };

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
