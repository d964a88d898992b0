// The documents context's own model: a document version as stored (one item per version, never overwritten),
// the declaration an enterprise posts, the views clients get, and an issued certificate's record (电子证照).
// zod schemas are the single source for validation, types and the OpenAPI document.
import * as z from 'zod';
import {
  actorSchema,
  applicationIdSchema,
  documentIdSchema,
  documentKindSchema,
  documentSchema,
  enterpriseIdSchema,
  issuanceBasisSchema,
  permitTypeSchema,
  timestampSchema,
} from '#shared/model';
import { allowedContentTypeList } from './policy.ts';

const sha256Schema = documentSchema.shape.sha256;
const certificateNoSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Z0-9][A-Z0-9-]*$/, 'certificateNo may hold only upper-case letters, digits and -');
export { certificateNoSchema };

/** The content type as declared; checked against the allowed list by `checkDeclaration` (with its own code). */
const contentTypeSchema = z
  .string()
  .min(3)
  .max(255)
  .regex(
    /^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/,
    'must be a lower-case media type such as application/pdf',
  );

/** What the enterprise declares before uploading: the bytes it will send, named by their SHA-256. */
export const declareUploadBodySchema = z.strictObject({
  /** Omitted for a new document; an existing document's id for its next version. */
  documentId: documentIdSchema.optional(),
  kind: documentKindSchema,
  name: documentSchema.shape.name,
  sizeBytes: documentSchema.shape.sizeBytes,
  sha256: sha256Schema,
  contentType: contentTypeSchema.describe(`One of: ${allowedContentTypeList.join(', ')}`),
});
export type DeclareUploadBody = z.infer<typeof declareUploadBodySchema>;

export const versionStatuses = ['pending', 'confirmed'] as const;

/** One version of one document of an application, as stored. */
export const documentVersionSchema = z.strictObject({
  applicationId: applicationIdSchema,
  documentId: documentIdSchema,
  version: z.number().int().min(1).max(999),
  kind: documentKindSchema,
  name: documentSchema.shape.name,
  sizeBytes: documentSchema.shape.sizeBytes,
  sha256: sha256Schema,
  contentType: z.string().min(3).max(255),
  status: z.enum(versionStatuses),
  /** Where the enterprise's PUT lands (expires if never confirmed). */
  stagingKey: z.string().min(1).max(1024),
  /** Where the confirmed bytes are kept: written only by the confirmation, never by a client. */
  objectKey: z.string().min(1).max(1024),
  /** The S3 object version of the confirmed bytes (absent where the store has no versioning). */
  objectVersionId: z.string().min(1).max(1024).optional(),
  declaredAt: timestampSchema,
  declaredBy: actorSchema,
  onBehalfOf: enterpriseIdSchema.optional(),
  confirmedAt: timestampSchema.optional(),
  /** Epoch seconds: the table's TTL removes a pending declaration nobody confirmed. */
  expiresAt: z.number().int().optional(),
});
export type DocumentVersion = z.infer<typeof documentVersionSchema>;

/** A version as clients see it (no storage keys). */
export const documentVersionViewSchema = documentVersionSchema.omit({
  stagingKey: true,
  objectKey: true,
  objectVersionId: true,
  expiresAt: true,
});
export type DocumentVersionView = z.infer<typeof documentVersionViewSchema>;

export function toVersionView(version: DocumentVersion): DocumentVersionView {
  const { stagingKey: _s, objectKey: _o, objectVersionId: _v, expiresAt: _e, ...view } = version;
  return view;
}

export const uploadTicketSchema = z.strictObject({
  document: documentVersionViewSchema,
  upload: z.strictObject({
    method: z.literal('PUT'),
    url: z.string().url(),
    /** Send exactly these headers with the body: they are signed (S3 checks the body against the SHA-256). */
    headers: z.record(z.string(), z.string()),
    expiresAt: timestampSchema,
  }),
});
export type UploadTicket = z.infer<typeof uploadTicketSchema>;

export const documentListSchema = z.strictObject({
  applicationId: applicationIdSchema,
  documents: z.array(
    z.strictObject({
      documentId: documentIdSchema,
      kind: documentKindSchema,
      /** The newest confirmed version, absent while none is confirmed. */
      current: z.number().int().min(1).optional(),
      versions: z.array(documentVersionViewSchema),
    }),
  ),
});
export type DocumentList = z.infer<typeof documentListSchema>;

export const downloadTicketSchema = z.strictObject({
  applicationId: applicationIdSchema,
  documentId: documentIdSchema.optional(),
  certificateNo: certificateNoSchema.optional(),
  version: z.number().int().min(1).optional(),
  name: z.string(),
  sha256: sha256Schema,
  url: z.string().url(),
  expiresAt: timestampSchema,
});
export type DownloadTicket = z.infer<typeof downloadTicketSchema>;

/** 电子证照: an issued certificate's record; the signature covers `signedPayload(record)`. */
export const certificateRecordSchema = z.strictObject({
  certificateNo: certificateNoSchema,
  applicationId: applicationIdSchema,
  enterpriseId: enterpriseIdSchema,
  permitType: permitTypeSchema,
  basis: issuanceBasisSchema,
  issuedAt: timestampSchema,
  /** SHA-256 (hex) of the PDF's bytes. */
  fingerprint: sha256Schema,
  objectKey: z.string().min(1).max(1024),
  signature: z.string().min(1).max(1024),
  keyId: z.string().min(1).max(2048),
  algorithm: z.literal('ECDSA_SHA_256'),
});
export type CertificateRecord = z.infer<typeof certificateRecordSchema>;

export const verificationSchema = z.strictObject({
  certificateNo: z.string(),
  status: z.enum(['valid', 'revoked', 'unknown']),
  permitType: permitTypeSchema.optional(),
  /** The certificate's Chinese name, e.g. 建筑工程施工许可证. */
  permitName: z.string().optional(),
  issuedAt: timestampSchema.optional(),
  revokedAt: timestampSchema.optional(),
  /** SHA-256 (hex) of the genuine PDF: a holder compares it with their file's. */
  fingerprint: sha256Schema.optional(),
  /** The platform's signature over the certificate's facts checked out. */
  signatureValid: z.boolean().optional(),
});
export type Verification = z.infer<typeof verificationSchema>;
