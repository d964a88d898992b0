// GET /applications/{applicationId}/documents/{documentId}/download: a 5-minute presigned GET of one confirmed
// version (the newest unless `?version=`), recorded on the timeline (who, which document, which version).
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { downloadDocumentRoute as route } from '../routes.ts';
import { downloadDocument } from '../core/documents.ts';
import { lazyDocumentsDeps, type DocumentsDepsSource } from './deps.ts';

export { route };

export function createHandler(deps?: DocumentsDepsSource): HttpHandler {
  const getDeps = lazyDocumentsDeps(deps);
  return httpHandler({
    ...route,
    name: 'downloadDocument',
    handle: async ({ principal, params, query }) => ({
      body: await downloadDocument(getDeps(), {
        principal,
        applicationId: params.applicationId,
        documentId: params.documentId,
        version: query.version,
      }),
    }),
  });
}

export const handler = createHandler();
