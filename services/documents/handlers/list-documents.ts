// GET /applications/{applicationId}/documents: the application's documents with every version and its hash.
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { listDocumentsRoute as route } from '../routes.ts';
import { listDocuments } from '../core/documents.ts';
import { lazyDocumentsDeps, type DocumentsDepsSource } from './deps.ts';

export { route };

export function createHandler(deps?: DocumentsDepsSource): HttpHandler {
  const getDeps = lazyDocumentsDeps(deps);
  return httpHandler({
    ...route,
    name: 'listDocuments',
    handle: async ({ principal, params }) => ({
      body: await listDocuments(getDeps(), { principal, applicationId: params.applicationId }),
    }),
  });
}

export const handler = createHandler();
