// GET /applications/{applicationId}/documents/{documentId}/download: a 5-minute presigned GET of one confirmed
// version (the newest unless `?version=`), recorded on the timeline (who, which document, which version).
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { downloadDocument } from '../core/documents.ts';
import { downloadTicketSchema } from '../core/model.ts';
import { lazyDocumentsDeps, type DocumentsDepsSource } from './deps.ts';
import { documentParams, downloadQuery, readers } from './params.ts';

export const route = defineRoute({
  method: 'GET',
  path: '/applications/{applicationId}/documents/{documentId}/download',
  summary: 'A short-lived download URL of a document version',
  description:
    'For everyone who may see the application. Each URL issued is recorded as a download on the timeline. ' +
    '404 for an application the caller may not see, an unknown document or version, or one not confirmed.',
  tags: ['documents'],
  roles: readers,
  params: documentParams,
  query: downloadQuery,
  response: downloadTicketSchema,
  errors: [404],
});

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
