// GET /applications/{applicationId}/documents: the application's documents with every version and its hash.
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { listDocuments } from '../core/documents.ts';
import { documentListSchema } from '../core/model.ts';
import { lazyDocumentsDeps, type DocumentsDepsSource } from './deps.ts';
import { applicationParams, readers } from './params.ts';

export const route = defineRoute({
  method: 'GET',
  path: '/applications/{applicationId}/documents',
  summary: "An application's documents and their versions",
  description:
    'Every version with its SHA-256 and who filed it; `current` is the newest confirmed one. Uploads not yet ' +
    'confirmed are shown to the enterprise side only. 404 for an application the caller may not see.',
  tags: ['documents'],
  roles: readers,
  params: applicationParams,
  response: documentListSchema,
  errors: [404],
});

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
