// Path and query parameters the documents routes share, as strict zod schemas (validation, types, OpenAPI).
import * as z from 'zod';
import { applicationIdSchema, documentIdSchema } from '#shared/model';
import { certificateNoSchema } from '../core/model.ts';

/** A version number in a path or query: 1 to 999, no leading zero. */
export const versionParamSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,2}$/, 'version is a whole number from 1 to 999')
  .transform(Number);

export const applicationParams = z.strictObject({ applicationId: applicationIdSchema });
export const documentParams = z.strictObject({
  applicationId: applicationIdSchema,
  documentId: documentIdSchema,
});
export const versionParams = z.strictObject({
  applicationId: applicationIdSchema,
  documentId: documentIdSchema,
  version: versionParamSchema,
});
export const certificateParams = z.strictObject({
  applicationId: applicationIdSchema,
  certificateNo: certificateNoSchema,
});
export const downloadQuery = z.strictObject({ version: versionParamSchema.optional() });

/** Everyone who may see an application reads its documents; what each sees is decided by shared/access. */
export const readers = [
  'enterprise',
  'agency-officer',
  'window-clerk',
  'department-officer',
  'administrator',
] as const;
/** 企业 and 代办员 (on behalf of the enterprise) file documents. */
export const filers = ['enterprise', 'agency-officer'] as const;
