// The HTTP contract of the documents routes (材料 · 电子证照): documentation and zod schemas, joined to each route's
// one declaration in infra/routes.ts (method, path, role rule, idempotency). Handlers take their route from
// here, and the OpenAPI document is built from here, without importing any handler.
import * as z from 'zod';
import { declaredRoute } from '#infra/routes';
import { defineRoute } from '#shared/http/openapi';
import {
  declareUploadBodySchema,
  documentListSchema,
  documentVersionViewSchema,
  downloadTicketSchema,
  uploadTicketSchema,
  verificationSchema,
} from './core/model.ts';
import {
  applicationParams,
  certificateParams,
  documentParams,
  downloadQuery,
  versionParams,
} from './handlers/params.ts';

export const declareDocumentUploadRoute = defineRoute({
  ...declaredRoute('declare-document-upload'),
  summary: 'Declare a document upload and get a presigned PUT',
  description:
    'Content type and size are checked before any URL is issued (400 CONTENT_TYPE_NOT_ALLOWED, ' +
    'NAME_DOES_NOT_MATCH_TYPE, DOCUMENT_TOO_LARGE). PUT the body to `upload.url` with `upload.headers` within ' +
    '15 minutes: the signature covers the size, type and SHA-256, so storage refuses other bytes. Then confirm. ' +
    'With `documentId`: the next version of that document (the old ones stay). 409 DOCUMENT_REVIEWED when a ' +
    'department already reviewed it and no supplement request is open; APPLICATION_CLOSED; KIND_MISMATCH.',
  tags: ['documents'],
  params: applicationParams,
  body: declareUploadBodySchema,
  response: uploadTicketSchema,
  status: 201,
  errors: [404, 409],
});

export const confirmDocumentUploadRoute = defineRoute({
  ...declaredRoute('confirm-document-upload'),
  summary: 'Confirm an upload: the version is attached once its bytes match the declaration',
  description:
    'The upload is copied out of the staging area and checked (size, SHA-256). 409 UPLOAD_MISSING, ' +
    'SIZE_MISMATCH, CHECKSUM_MISMATCH: nothing is attached. Confirming again answers the attached version.',
  tags: ['documents'],
  params: versionParams,
  response: documentVersionViewSchema,
  errors: [404, 409],
});

export const listDocumentsRoute = defineRoute({
  ...declaredRoute('list-documents'),
  summary: "An application's documents and their versions",
  description:
    'Every version with its SHA-256 and who filed it; `current` is the newest confirmed one. Uploads not yet ' +
    'confirmed are shown to the enterprise side only. 404 for an application the caller may not see.',
  tags: ['documents'],
  params: applicationParams,
  response: documentListSchema,
  errors: [404],
});

export const downloadDocumentRoute = defineRoute({
  ...declaredRoute('download-document'),
  summary: 'A short-lived download URL of a document version',
  description:
    'For everyone who may see the application. Each URL issued is recorded as a download on the timeline. ' +
    '404 for an application the caller may not see, an unknown document or version, or one not confirmed.',
  tags: ['documents'],
  params: documentParams,
  query: downloadQuery,
  response: downloadTicketSchema,
  errors: [404],
});

export const downloadCertificateRoute = defineRoute({
  ...declaredRoute('download-certificate'),
  summary: "A short-lived download URL of a permit's PDF certificate (电子证照)",
  description:
    "`sha256` is the certificate's fingerprint, the one the public verification answers. 404 until the " +
    'certificate exists, and for an application the caller may not see.',
  tags: ['documents'],
  params: certificateParams,
  response: downloadTicketSchema,
  errors: [404],
});

export const verifyCertificateRoute = defineRoute({
  ...declaredRoute('verify-certificate'),
  summary: 'Verify a certificate (电子证照核验), no login',
  description:
    '`valid`, `revoked` (from the moment a commitment verification failed) or `unknown` (never issued, or its ' +
    'signature does not check out). Nothing about the application beyond the permit is disclosed.',
  tags: ['documents'],
  // Any text up to 64 characters: a mistyped number is `unknown`, not an error, as on a paper register.
  params: z.strictObject({ certificateNo: z.string().min(1).max(64) }),
  response: verificationSchema,
});
