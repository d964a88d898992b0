// Documents of an application: the enterprise (or its agency officer) declares an upload and gets a presigned
// PUT whose signature covers the size, type and SHA-256; the confirmation attaches the version only once the
// stored bytes match the declaration; everyone who may see the application may list and download, and each
// download is recorded on the timeline (who, which document, which version). Versions are never overwritten.
import { actingForApplication, type ApplicationScope, type Acting } from '#shared/access/index';
import type { Principal } from '#shared/auth/principal';
import { Conflict, Forbidden, NotFound } from '#shared/errors';
import type { Application, AuditEvent, Step } from '#shared/model';
import {
  toVersionView,
  type DeclareUploadBody,
  type DocumentList,
  type DocumentVersion,
  type DownloadTicket,
  type UploadTicket,
} from './model.ts';
import { checkDeclaration, downloadUrlSeconds, pendingUploadSeconds, uploadUrlSeconds } from './policy.ts';
import type { DocumentsDeps } from './ports.ts';
import { loadVisibleFrom, type VisibleApplication } from '#services/application/core/get-application';

/** Statuses after which nothing more is filed on an application. */
const closedForUploads: readonly Application['status'][] = ['refused', 'failed', 'verified', 'revoked'];
/** Steps during which the enterprise owes documents (补正, 容缺): a reviewed document may be replaced then. */
const supplementKinds: readonly Step['kind'][] = [
  'enterprise-supplement',
  'review-supplement',
  'gap-closure',
];

export const stagingKeyOf = (v: Pick<DocumentVersion, 'applicationId' | 'documentId' | 'version'>) =>
  `staging/${v.applicationId}/${v.documentId}/v${v.version}`;
export const objectKeyOf = (v: Pick<DocumentVersion, 'applicationId' | 'documentId' | 'version'>) =>
  `documents/${v.applicationId}/${v.documentId}/v${v.version}`;

/** @throws NotFound for an unknown application and one the caller may not see alike */
function loadVisible(
  deps: Pick<DocumentsDeps, 'applications' | 'projects'>,
  principal: Principal,
  applicationId: string,
): Promise<VisibleApplication> {
  return loadVisibleFrom(deps.applications, deps, principal, applicationId);
}

/**
 * Declares the next version of a document (or a new document) and answers the presigned PUT. Everything is
 * checked before a URL exists: who uploads (the enterprise side only), the content type, the size limit of
 * the kind, and whether a reviewed document may be replaced (only while a supplement request is open).
 * @throws NotFound the application is unknown or invisible, or `documentId` names no document of it
 * @throws Forbidden a reader who is not the enterprise side (clerk, department, administrator)
 * @throws ValidationError CONTENT_TYPE_NOT_ALLOWED, NAME_DOES_NOT_MATCH_TYPE, DOCUMENT_TOO_LARGE
 * @throws Conflict APPLICATION_CLOSED, DOCUMENT_REVIEWED, KIND_MISMATCH, VERSION_TAKEN
 */
export async function declareUpload(
  deps: DocumentsDeps,
  request: { principal: Principal; applicationId: string; body: DeclareUploadBody },
): Promise<UploadTicket> {
  const { application, steps, scope } = await loadVisible(deps, request.principal, request.applicationId);
  const acting = enterpriseSide(request.principal, scope);
  const { body } = request;
  checkDeclaration(body);
  if (closedForUploads.includes(application.status)) {
    throw new Conflict(
      `Application ${application.applicationId} is ${application.status}`,
      'APPLICATION_CLOSED',
    );
  }

  const versions = await deps.records.listVersions(application.applicationId);
  let documentId = body.documentId;
  let version = 1;
  if (documentId !== undefined) {
    const previous = versions.filter((v) => v.documentId === documentId);
    if (previous.length === 0) throw new NotFound(`Document ${documentId} not found`);
    if (previous.some((v) => v.kind !== body.kind)) {
      throw new Conflict(
        `Document ${documentId} is a ${previous[0]!.kind}; a new version keeps its kind`,
        'KIND_MISMATCH',
      );
    }
    const current = latestConfirmed(previous);
    if (current && reviewedSince(steps, current.confirmedAt!) && !supplementOpen(steps)) {
      throw new Conflict(
        `Document ${documentId} version ${current.version} was reviewed by a department; it may be replaced ` +
          'only while a supplement request (补正) is open',
        'DOCUMENT_REVIEWED',
      );
    }
    version = Math.max(...previous.map((v) => v.version)) + 1;
  } else {
    documentId = deps.newId();
  }

  const now = deps.now();
  const ids = { applicationId: application.applicationId, documentId, version };
  const record: DocumentVersion = {
    ...ids,
    kind: body.kind,
    name: body.name,
    sizeBytes: body.sizeBytes,
    sha256: body.sha256,
    contentType: body.contentType,
    status: 'pending',
    stagingKey: stagingKeyOf(ids),
    objectKey: objectKeyOf(ids),
    declaredAt: now.toISOString(),
    declaredBy: acting.actor,
    ...(acting.onBehalfOf ? { onBehalfOf: acting.onBehalfOf } : {}),
    expiresAt: Math.floor(now.getTime() / 1000) + pendingUploadSeconds,
  };
  await deps.records.declare(record);
  const presigned = await deps.storage.presignUpload({
    key: record.stagingKey,
    sizeBytes: record.sizeBytes,
    contentType: record.contentType,
    sha256: record.sha256,
    expiresInSeconds: uploadUrlSeconds,
  });
  return {
    document: toVersionView(record),
    upload: {
      method: 'PUT',
      url: presigned.url,
      headers: presigned.headers,
      expiresAt: new Date(now.getTime() + uploadUrlSeconds * 1000).toISOString(),
    },
  };
}

/**
 * Attaches an uploaded version once the stored bytes are the declared ones. The upload is copied from the
 * staging prefix to where kept documents live (a key no client can write), and that copy is checked: its size
 * and SHA-256 (S3's checksum in the cloud, the bytes hashed where the store keeps none). A mismatch attaches
 * nothing. Confirming a confirmed version again answers it unchanged.
 * @throws NotFound unknown or invisible application or version
 * @throws Forbidden not the enterprise side
 * @throws Conflict UPLOAD_MISSING (nothing uploaded yet), CHECKSUM_MISMATCH, SIZE_MISMATCH
 */
export async function confirmUpload(
  deps: DocumentsDeps,
  request: { principal: Principal; applicationId: string; documentId: string; version: number },
): Promise<DocumentVersion> {
  const { application, scope } = await loadVisible(deps, request.principal, request.applicationId);
  const acting = enterpriseSide(request.principal, scope);
  const found = await deps.records.findVersion(
    application.applicationId,
    request.documentId,
    request.version,
  );
  if (!found) throw new NotFound(`Document ${request.documentId} version ${request.version} not found`);
  if (found.status === 'confirmed') return found;

  const copied = await deps.storage.copy({ from: found.stagingKey, to: found.objectKey });
  if (!copied) {
    throw new Conflict(
      `Nothing was uploaded for ${request.documentId} version ${request.version}`,
      'UPLOAD_MISSING',
    );
  }
  const stored = await deps.storage.inspect(found.objectKey, copied.versionId);
  if (!stored) throw new Conflict('The uploaded document vanished', 'UPLOAD_MISSING');
  if (stored.sizeBytes !== found.sizeBytes) {
    throw new Conflict(
      `The upload has ${stored.sizeBytes} bytes; ${found.sizeBytes} were declared`,
      'SIZE_MISMATCH',
    );
  }
  if (stored.sha256 !== found.sha256) {
    throw new Conflict(
      'The upload does not match the declared SHA-256; upload the declared file',
      'CHECKSUM_MISMATCH',
    );
  }

  const at = deps.now().toISOString();
  const { expiresAt: _pending, ...rest } = found;
  const confirmed: DocumentVersion = {
    ...rest,
    status: 'confirmed',
    confirmedAt: at,
    ...(stored.versionId ? { objectVersionId: stored.versionId } : {}),
  };
  await deps.records.confirm(
    confirmed,
    documentEvent(deps, application, acting, at, 'document-version-attached', {
      documentId: confirmed.documentId,
      version: confirmed.version,
      kind: confirmed.kind,
      name: confirmed.name,
      sha256: confirmed.sha256,
      sizeBytes: confirmed.sizeBytes,
    }),
  );
  return confirmed;
}

/** Every document of the application with its versions (pending ones only to the enterprise side). */
export async function listDocuments(
  deps: DocumentsDeps,
  request: { principal: Principal; applicationId: string },
): Promise<DocumentList> {
  const { application, scope } = await loadVisible(deps, request.principal, request.applicationId);
  const ownSide = actingForApplication(request.principal, scope) !== undefined;
  const versions = (await deps.records.listVersions(application.applicationId)).filter(
    (v) => ownSide || v.status === 'confirmed',
  );
  const byDocument = new Map<string, DocumentVersion[]>();
  for (const v of versions) byDocument.set(v.documentId, [...(byDocument.get(v.documentId) ?? []), v]);
  return {
    applicationId: application.applicationId,
    documents: [...byDocument.values()].map((list) => {
      const sorted = [...list].sort((a, b) => a.version - b.version);
      const current = latestConfirmed(sorted);
      return {
        documentId: sorted[0]!.documentId,
        kind: sorted[0]!.kind,
        ...(current ? { current: current.version } : {}),
        versions: sorted.map(toVersionView),
      };
    }),
  };
}

/**
 * A short-lived presigned GET of one confirmed version (default: the newest), recorded on the timeline.
 * @throws NotFound unknown or invisible application, document or version, or a version not confirmed
 */
export async function downloadDocument(
  deps: DocumentsDeps,
  request: { principal: Principal; applicationId: string; documentId: string; version?: number | undefined },
): Promise<DownloadTicket> {
  const { application, scope } = await loadVisible(deps, request.principal, request.applicationId);
  const versions = (await deps.records.listVersions(application.applicationId)).filter(
    (v) => v.documentId === request.documentId && v.status === 'confirmed',
  );
  const chosen =
    request.version === undefined
      ? latestConfirmed(versions)
      : versions.find((v) => v.version === request.version);
  if (!chosen) {
    throw new NotFound(
      `Document ${request.documentId}${request.version ? ` version ${request.version}` : ''} not found`,
    );
  }
  const now = deps.now();
  const { url } = await deps.storage.presignDownload({
    key: chosen.objectKey,
    ...(chosen.objectVersionId ? { versionId: chosen.objectVersionId } : {}),
    fileName: chosen.name,
    contentType: chosen.contentType,
    expiresInSeconds: downloadUrlSeconds,
  });
  await deps.records.appendEvent(
    documentEvent(
      deps,
      application,
      readerActing(request.principal, scope),
      now.toISOString(),
      'document-downloaded',
      {
        documentId: chosen.documentId,
        version: chosen.version,
        sha256: chosen.sha256,
      },
    ),
  );
  return {
    applicationId: application.applicationId,
    documentId: chosen.documentId,
    version: chosen.version,
    name: chosen.name,
    sha256: chosen.sha256,
    url,
    expiresAt: new Date(now.getTime() + downloadUrlSeconds * 1000).toISOString(),
  };
}

/** The confirmed versions a department's decision rests on: what the timeline records with each decision. */
export function currentVersions(versions: readonly DocumentVersion[]): string[] {
  const byDocument = new Map<string, DocumentVersion>();
  for (const v of versions) {
    if (v.status !== 'confirmed') continue;
    const seen = byDocument.get(v.documentId);
    if (!seen || seen.version < v.version) byDocument.set(v.documentId, v);
  }
  return [...byDocument.values()].map((v) => `${v.documentId}@v${v.version}`).sort();
}

function latestConfirmed(versions: readonly DocumentVersion[]): DocumentVersion | undefined {
  return versions
    .filter((v) => v.status === 'confirmed')
    .reduce<DocumentVersion | undefined>(
      (a, b) => (a === undefined || b.version > a.version ? b : a),
      undefined,
    );
}

/** A department decided a review after the version was attached: the department has seen it. */
function reviewedSince(steps: readonly Step[], confirmedAt: string): boolean {
  return steps.some(
    (s) => s.kind === 'review' && s.decision !== undefined && s.decision.decidedAt >= confirmedAt,
  );
}

function supplementOpen(steps: readonly Step[]): boolean {
  return steps.some((s) => s.status === 'open' && supplementKinds.includes(s.kind));
}

/** Uploads are filed by the enterprise or its agency officer (代办, recorded "on behalf of"). */
function enterpriseSide(principal: Principal, application: ApplicationScope): Acting {
  const acting = actingForApplication(principal, application);
  if (!acting) throw new Forbidden('Only the enterprise or its agency officer files documents');
  return acting;
}

/** The reader as recorded: the enterprise side acts (on behalf of), others read in their own role. */
export function readerActing(principal: Principal, application: ApplicationScope): Acting {
  const acting = actingForApplication(principal, application);
  if (acting) return acting;
  const role =
    (['administrator', 'window-clerk', 'department-officer'] as const).find((r) =>
      principal.roles.includes(r),
    ) ?? 'administrator';
  return { actor: { userId: principal.userId, role } };
}

export function documentEvent(
  deps: Pick<DocumentsDeps, 'newId'>,
  application: Pick<Application, 'applicationId'>,
  acting: Acting,
  at: string,
  type: AuditEvent['type'],
  detail: AuditEvent['detail'],
): AuditEvent {
  return {
    applicationId: application.applicationId,
    eventId: `${type}-${deps.newId()}`,
    at,
    type,
    actor: acting.actor,
    ...(acting.onBehalfOf ? { onBehalfOf: acting.onBehalfOf } : {}),
    detail,
  };
}
