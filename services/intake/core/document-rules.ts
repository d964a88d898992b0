// Which documents an enterprise may send, and how a change of them is recorded. Once the window accepted the
// application (受理), its documents are reviewed: departments decide on them, so none is ever replaced; a new
// version goes in under a new documentId, beside the old one. Before acceptance, a supplement request (补正) may
// replace a document the window found wanting. Outside an open supplement request, only new documents of the
// tolerated gaps being closed (容缺) are taken. Events record digests of the document list before and after
// (sha256 over every document's id, kind and sha256), so any change of any document's content shows in the
// audit trail; the application item itself keeps each document's own hash. Holds with or without document
// versioning: it only reads ids, kinds and hashes.
import { createHash } from 'node:crypto';
import type { FieldIssue } from '#shared/errors';
import type { Application, DocumentMeta } from '#shared/model';

export interface IncomingDocuments {
  documents?: readonly DocumentMeta[] | undefined;
  closesGaps?: readonly string[] | undefined;
}

/** The documents reviewed so far: every document once the application was accepted, none before. */
export function reviewedDocumentIds(application: Application): Set<string> {
  return new Set(application.acceptedAt === undefined ? [] : application.documents.map((d) => d.documentId));
}

/**
 * What is wrong with sending these documents now, as field issues (none: it may go ahead).
 * @param answeringSupplement an open supplement request (补正) is answered by this request
 */
export function documentIssues(
  application: Application,
  body: IncomingDocuments,
  answeringSupplement: boolean,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const existing = new Set(application.documents.map((d) => d.documentId));
  const reviewed = reviewedDocumentIds(application);
  const closing = new Set(body.closesGaps ?? []);
  (body.documents ?? []).forEach((document, i) => {
    if (reviewed.has(document.documentId)) {
      issues.push({
        path: `documents.${i}.documentId`,
        message: 'a reviewed document is never replaced: send the new version under a new documentId',
      });
    } else if (!answeringSupplement && existing.has(document.documentId)) {
      issues.push({
        path: `documents.${i}.documentId`,
        message: 'outside a supplement request only new documents are taken: use a new documentId',
      });
    }
    if (!answeringSupplement && !closing.has(document.kind)) {
      issues.push({
        path: `documents.${i}.kind`,
        message: 'outside a supplement request only documents of the tolerated gaps being closed are taken',
      });
    }
  });
  return issues;
}

/** sha256 over the document list (sorted by id): equal lists, equal digests; any changed hash, another one. */
export function documentListDigest(documents: readonly DocumentMeta[]): string {
  const lines = documents
    .map((d) => `${d.documentId}\u0000${d.kind}\u0000${d.sha256}`)
    .sort()
    .join('\n');
  return createHash('sha256').update(lines).digest('hex');
}

/** The audit detail of a change of documents: what was added or replaced, and the list's digest before and after. */
export function documentChangeDetail(
  before: Application,
  after: Application,
): { documentIds: string[]; replacedDocumentIds: string[]; documentsBefore: string; documentsAfter: string } {
  const previous = new Map(before.documents.map((d) => [d.documentId, d.sha256]));
  const changed = after.documents.filter((d) => previous.get(d.documentId) !== d.sha256);
  return {
    documentIds: changed.map((d) => d.documentId),
    replacedDocumentIds: changed.filter((d) => previous.has(d.documentId)).map((d) => d.documentId),
    documentsBefore: documentListDigest(before.documents),
    documentsAfter: documentListDigest(after.documents),
  };
}
