// POST /applications/{applicationId}/documents: the enterprise (or its agency officer) declares a document or
// a new version (kind, name, size, SHA-256, content type) and gets a presigned PUT for exactly those bytes.
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { declareUpload } from '../core/documents.ts';
import { declareUploadBodySchema, uploadTicketSchema } from '../core/model.ts';
import { lazyDocumentsDeps, type DocumentsDepsSource } from './deps.ts';
import { applicationParams, filers } from './params.ts';

export const route = defineRoute({
  method: 'POST',
  path: '/applications/{applicationId}/documents',
  summary: 'Declare a document upload and get a presigned PUT',
  description:
    'Content type and size are checked before any URL is issued (400 CONTENT_TYPE_NOT_ALLOWED, ' +
    'NAME_DOES_NOT_MATCH_TYPE, DOCUMENT_TOO_LARGE). PUT the body to `upload.url` with `upload.headers` within ' +
    '15 minutes: the signature covers the size, type and SHA-256, so storage refuses other bytes. Then confirm. ' +
    'With `documentId`: the next version of that document (the old ones stay). 409 DOCUMENT_REVIEWED when a ' +
    'department already reviewed it and no supplement request is open; APPLICATION_CLOSED; KIND_MISMATCH.',
  tags: ['documents'],
  roles: filers,
  params: applicationParams,
  body: declareUploadBodySchema,
  response: uploadTicketSchema,
  status: 201,
  errors: [404, 409],
  idempotent: true,
});

export function createHandler(deps?: DocumentsDepsSource): HttpHandler {
  const getDeps = lazyDocumentsDeps(deps);
  return httpHandler({
    ...route,
    name: 'declareDocumentUpload',
    idempotency: () => getDeps().idempotency,
    handle: async ({ principal, params, body }) => ({
      body: await declareUpload(getDeps(), { principal, applicationId: params.applicationId, body }),
    }),
  });
}

export const handler = createHandler();
