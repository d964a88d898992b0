// What may be uploaded: the allowed content types (PDF, images, office and CAD formats), the size limit of each
// document kind, and how long upload and download URLs live. Pure data and checks, shared by the declaration
// (refused before any URL is issued) and the README's documented list.
import { ValidationError } from '#shared/errors';

const MiB = 1024 * 1024;

/** Allowed content types, each with the file extensions a name of that type may end with. */
export const allowedContentTypes = {
  'application/pdf': ['.pdf'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/tiff': ['.tif', '.tiff'],
  'image/webp': ['.webp'],
  'application/msword': ['.doc'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
  'application/vnd.ms-excel': ['.xls'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'application/vnd.ms-powerpoint': ['.ppt'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['.pptx'],
  'application/vnd.oasis.opendocument.text': ['.odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['.ods'],
  'application/vnd.oasis.opendocument.presentation': ['.odp'],
  // CAD drawings: AutoCAD's DWG has no registered type; image/vnd.dwg and image/vnd.dxf are IANA's.
  'image/vnd.dwg': ['.dwg'],
  'image/vnd.dxf': ['.dxf'],
} as const satisfies Record<string, readonly string[]>;
export type AllowedContentType = keyof typeof allowedContentTypes;
export const allowedContentTypeList = Object.keys(allowedContentTypes) as AllowedContentType[];

/** A document kind without its own limit. */
export const defaultSizeLimitBytes = 20 * MiB;

/**
 * Size limits per document kind: drawings and surveys are large, everything else fits the default. The model
 * caps every document at 200 MiB (shared/model.ts documentSchema).
 */
export const sizeLimitsByKind: Readonly<Record<string, number>> = Object.freeze({
  'construction-drawings': 200 * MiB, // 施工图
  'drawing-review': 100 * MiB, // 施工图审查合格书 with its drawings
  'site-plan': 100 * MiB, // 总平面图
  'land-survey': 100 * MiB, // 勘测定界
  'fire-safety-plan': 50 * MiB, // 消防设计
  'environmental-assessment': 50 * MiB, // 环评
});

export function sizeLimitOf(kind: string): number {
  return sizeLimitsByKind[kind] ?? defaultSizeLimitBytes;
}

/** A presigned upload URL lives 15 minutes: long enough for a large drawing, short enough not to leak far. */
export const uploadUrlSeconds = 15 * 60;
/** A presigned download URL lives 5 minutes; each one issued is a download on the timeline. */
export const downloadUrlSeconds = 5 * 60;
/** An upload not confirmed within a day is abandoned: its record expires (TTL) and S3's lifecycle removes it. */
export const pendingUploadSeconds = 24 * 60 * 60;

/**
 * Checks a declaration before any URL is issued.
 * @throws ValidationError `CONTENT_TYPE_NOT_ALLOWED` (field contentType), `NAME_DOES_NOT_MATCH_TYPE` (name),
 *   `DOCUMENT_TOO_LARGE` (sizeBytes)
 */
export function checkDeclaration(declared: {
  kind: string;
  name: string;
  sizeBytes: number;
  contentType: string;
}): void {
  const extensions = (allowedContentTypes as Record<string, readonly string[]>)[declared.contentType];
  if (extensions === undefined) {
    throw new ValidationError(
      `Content type ${declared.contentType} is not accepted; allowed: PDF, PNG, JPEG, TIFF, WebP, Word, Excel, ` +
        'PowerPoint, OpenDocument, DWG, DXF',
      [{ path: 'contentType', message: `must be one of ${allowedContentTypeList.join(', ')}` }],
      'CONTENT_TYPE_NOT_ALLOWED',
    );
  }
  const lower = declared.name.toLowerCase();
  if (!extensions.some((extension) => lower.endsWith(extension))) {
    throw new ValidationError(
      `A ${declared.contentType} document's name ends with ${extensions.join(' or ')}`,
      [{ path: 'name', message: `must end with ${extensions.join(' or ')} for ${declared.contentType}` }],
      'NAME_DOES_NOT_MATCH_TYPE',
    );
  }
  const limit = sizeLimitOf(declared.kind);
  if (declared.sizeBytes > limit) {
    throw new ValidationError(
      `A ${declared.kind} document may be at most ${limit} bytes`,
      [{ path: 'sizeBytes', message: `must be at most ${limit} for kind ${declared.kind}` }],
      'DOCUMENT_TOO_LARGE',
    );
  }
}
