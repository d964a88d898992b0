// POST /applications/{applicationId}/documents/{documentId}/versions/{version}/confirm: attaches an uploaded
// version once the stored bytes match the declared size and SHA-256.
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { confirmUpload } from '../core/documents.ts';
import { documentVersionViewSchema, toVersionView } from '../core/model.ts';
import { lazyDocumentsDeps, type DocumentsDepsSource } from './deps.ts';
import { filers, versionParams } from './params.ts';

export const route = defineRoute({
  method: 'POST',
  path: '/applications/{applicationId}/documents/{documentId}/versions/{version}/confirm',
  summary: 'Confirm an upload: the version is attached once its bytes match the declaration',
  description:
    'The upload is copied out of the staging area and checked (size, SHA-256). 409 UPLOAD_MISSING, ' +
    'SIZE_MISMATCH, CHECKSUM_MISMATCH: nothing is attached. Confirming again answers the attached version.',
  tags: ['documents'],
  roles: filers,
  params: versionParams,
  response: documentVersionViewSchema,
  errors: [404, 409],
  idempotent: true,
});

export function createHandler(deps?: DocumentsDepsSource): HttpHandler {
  const getDeps = lazyDocumentsDeps(deps);
  return httpHandler({
    ...route,
    name: 'confirmDocumentUpload',
    idempotency: () => getDeps().idempotency,
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
