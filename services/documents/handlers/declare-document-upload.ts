// POST /applications/{applicationId}/documents: the enterprise (or its agency officer) declares a document or
// a new version (kind, name, size, SHA-256, content type) and gets a presigned PUT for exactly those bytes.
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { declareDocumentUploadRoute as route } from '../routes.ts';
import { declareUpload } from '../core/documents.ts';
import { lazyDocumentsDeps, type DocumentsDepsSource } from './deps.ts';

export { route };

export function createHandler(deps?: DocumentsDepsSource): HttpHandler {
  const getDeps = lazyDocumentsDeps(deps);
  return httpHandler({
    ...route,
    name: 'declareDocumentUpload',
    idempotency: () => getDeps().idempotency(),
    handle: async ({ principal, params, body }) => ({
      body: await declareUpload(getDeps(), { principal, applicationId: params.applicationId, body }),
    }),
  });
}

export const handler = createHandler();
