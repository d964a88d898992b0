// POST /applications/{applicationId}/documents/{documentId}/versions/{version}/confirm: attaches an uploaded
// version once the stored bytes match the declared size and SHA-256.
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { confirmDocumentUploadRoute as route } from '../routes.ts';
import { confirmUpload } from '../core/documents.ts';
import { lazyDocumentsDeps, type DocumentsDepsSource } from './deps.ts';

import { toVersionView } from '../core/model.ts';

export { route };

export function createHandler(deps?: DocumentsDepsSource): HttpHandler {
  const getDeps = lazyDocumentsDeps(deps);
  return httpHandler({
    ...route,
    name: 'confirmDocumentUpload',
    idempotency: () => getDeps().idempotency(),
    handle: async ({ principal, params }) => ({
      body: toVersionView(
        await confirmUpload(getDeps(), {
          principal,
          applicationId: params.applicationId,
          documentId: params.documentId,
          version: params.version,
        }),
      ),
    }),
  });
}

export const handler = createHandler();
