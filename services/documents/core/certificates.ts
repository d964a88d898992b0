// 电子证照: at joint issuance each permit gets a PDF certificate (Chinese text, a QR code to the public
// verification endpoint), signed with the platform's key; the public check answers valid / revoked / unknown
// with the fingerprint. Issuance is idempotent: a retried or replayed task finds the records and does nothing;
// a half-done one renders the same bytes again (the renderer is deterministic) and keeps the first signature.
import { catalogueEntryOf, type CatalogueEntry } from '#shared/service-config/config';
import { catalogueOfApplication } from '#shared/service-config/source';
import { createHash } from 'node:crypto';
import type { Principal } from '#shared/auth/principal';
import { NotFound } from '#shared/errors';
import { departmentNameOf, type Application, type IssuedPermit, type Step } from '#shared/model';
import { loadVisibleFrom } from '#services/application/core/get-application';
import { documentEvent, readerActing } from './documents.ts';
import type { CertificateRecord, DownloadTicket, Verification } from './model.ts';
import { downloadUrlSeconds } from './policy.ts';
import type { CertificateContent, DocumentsDeps } from './ports.ts';

export const certificateKeyOf = (certificateNo: string) => `certificates/${certificateNo}.pdf`;
export const certificateFileName = (certificateNo: string) => `${certificateNo}.pdf`;

const trackNames = { regular: '一般项目', 'standard-land': '标准地' } as const;

/** What the signature covers: the certificate's facts and its PDF's fingerprint, in a fixed order. */
export function signedPayload(
  record: Pick<
    CertificateRecord,
    'certificateNo' | 'applicationId' | 'enterpriseId' | 'permitType' | 'basis' | 'issuedAt' | 'fingerprint'
  >,
): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify([
      'one-window-certificate/1',
      record.certificateNo,
      record.applicationId,
      record.enterpriseId,
      record.permitType,
      record.basis,
      record.issuedAt,
      record.fingerprint,
    ]),
  );
}

export function verifyUrlOf(baseUrl: string, certificateNo: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/verify/${encodeURIComponent(certificateNo)}`;
}

export function certificateContent(
  deps: Pick<DocumentsDeps, 'config'>,
  application: Application,
  permit: IssuedPermit,
  /** The application's own catalogue version. @default the default catalogue */
  catalogue?: readonly CatalogueEntry[],
): CertificateContent {
  const catalog = catalogueEntryOf(permit.permitType, catalogue);
  return {
    certificateNo: permit.certificateNo,
    permitName: catalog.name,
    permitType: permit.permitType,
    projectName: application.projectName,
    enterpriseId: application.enterpriseId,
    parcel: `${application.landParcel.parcelId} · ${application.landParcel.location} · ${application.landParcel.areaMu} 亩`,
    departmentName: departmentNameOf(catalog.department),
    issuedOn: localDate(permit.issuedAt, deps.config.timeZone ?? 'Asia/Shanghai'),
    issuedAt: permit.issuedAt,
    trackName: trackNames[application.track],
    byCommitment: permit.basis === 'commitment',
    verifyUrl: verifyUrlOf(deps.config.publicBaseUrl, permit.certificateNo),
    applicationId: application.applicationId,
  };
}

/**
 * Renders, stores and signs one certificate per issued permit. Safe to repeat: permits with a record are
 * skipped, the event is written once. Nothing travels in the workflow's payload but the application's ID.
 * @returns the certificate numbers that have a record
 */
export async function issueCertificates(
  deps: DocumentsDeps,
  command: { applicationId: string },
): Promise<{ certificateNos: string[] }> {
  const application = await deps.applications.findApplication(command.applicationId);
  if (!application) throw new NotFound(`Application ${command.applicationId} not found`);
  const permits = application.permits ?? [];
  if (application.issuedAt === undefined || permits.length === 0) return { certificateNos: [] };

  const catalogue = await catalogueOfApplication(deps.serviceConfigs, application);
  const records: CertificateRecord[] = [];
  for (const permit of permits) {
    const existing = await deps.records.findCertificate(permit.certificateNo);
    if (existing) {
      records.push(existing);
      continue;
    }
    const pdf = await deps.renderer.render(certificateContent(deps, application, permit, catalogue));
    const key = certificateKeyOf(permit.certificateNo);
    await deps.storage.put({ key, body: pdf, contentType: 'application/pdf' });
    const facts = {
      certificateNo: permit.certificateNo,
      applicationId: application.applicationId,
      enterpriseId: application.enterpriseId,
      permitType: permit.permitType,
      basis: permit.basis,
      issuedAt: permit.issuedAt,
      fingerprint: createHash('sha256').update(pdf).digest('hex'),
    };
    const signature = await deps.signer.sign(signedPayload(facts));
    records.push(await deps.records.putCertificate({ ...facts, objectKey: key, ...signature }));
  }
  await deps.records.appendEventOnce({
    applicationId: application.applicationId,
    // Fixed id and instant: a replay meets the same key and writes nothing.
    eventId: 'certificates-issued',
    at: application.issuedAt,
    type: 'certificates-issued',
    actor: { userId: 'workflow', role: 'system' },
    detail: {
      certificateNos: records.map((r) => r.certificateNo),
      fingerprints: records.map((r) => `${r.certificateNo}:${r.fingerprint}`),
    },
  });
  return { certificateNos: records.map((r) => r.certificateNo) };
}

/**
 * A presigned GET of a permit's certificate for whoever may see the application; recorded on the timeline.
 * @throws NotFound unknown or invisible application, or no certificate with that number on it (yet)
 */
export async function downloadCertificate(
  deps: DocumentsDeps,
  request: { principal: Principal; applicationId: string; certificateNo: string },
): Promise<DownloadTicket> {
  const loaded = await loadVisibleFrom(deps.applications, deps, request.principal, request.applicationId);
  const record = await deps.records.findCertificate(request.certificateNo);
  if (!record || record.applicationId !== request.applicationId) {
    throw new NotFound(`Certificate ${request.certificateNo} not found`);
  }
  const now = deps.now();
  const fileName = certificateFileName(record.certificateNo);
  const { url } = await deps.storage.presignDownload({
    key: record.objectKey,
    fileName,
    contentType: 'application/pdf',
    expiresInSeconds: downloadUrlSeconds,
  });
  await deps.records.appendEvent(
    documentEvent(
      deps,
      loaded.application,
      readerActing(request.principal, loaded.scope),
      now.toISOString(),
      'certificate-downloaded',
      {
        certificateNo: record.certificateNo,
        fingerprint: record.fingerprint,
      },
    ),
  );
  return {
    applicationId: record.applicationId,
    certificateNo: record.certificateNo,
    name: fileName,
    sha256: record.fingerprint,
    url,
    expiresAt: new Date(now.getTime() + downloadUrlSeconds * 1000).toISOString(),
  };
}

/**
 * The public check behind the QR code. `unknown` for a number the platform never signed (or whose signature
 * does not check out: a forged record is no certificate); `revoked` from the moment a commitment verification
 * failed (the failed decision counts before the workflow has revoked the permits), or once revoked.
 */
export async function verifyCertificate(
  deps: Pick<DocumentsDeps, 'records' | 'applications' | 'signer' | 'serviceConfigs'>,
  certificateNo: string,
): Promise<Verification> {
  const record = await deps.records.findCertificate(certificateNo);
  if (!record) return { certificateNo, status: 'unknown' };
  const signatureValid = await deps.signer.verify(signedPayload(record), record);
  if (!signatureValid) return { certificateNo, status: 'unknown', signatureValid: false };
  const { application, steps } = await deps.applications.getApplicationWithSteps(record.applicationId);
  const permit = application.permits?.find((p) => p.certificateNo === certificateNo);
  const revokedAt =
    permit?.revokedAt ?? (permit?.basis === 'commitment' ? failedVerificationAt(steps) : undefined);
  return {
    certificateNo,
    status: revokedAt !== undefined || !permit ? 'revoked' : 'valid',
    permitType: record.permitType,
    permitName: catalogueEntryOf(
      record.permitType,
      await catalogueOfApplication(deps.serviceConfigs, application),
    ).name,
    issuedAt: record.issuedAt,
    ...(revokedAt !== undefined ? { revokedAt } : {}),
    fingerprint: record.fingerprint,
    signatureValid,
  };
}

/** A failed 承诺核查 revokes the permits issued on commitment (the workflow then records it on the permits). */
function failedVerificationAt(steps: readonly Step[]): string | undefined {
  const failed = steps.find(
    (s) => s.kind === 'verification' && s.decision?.outcome === 'verification-failed',
  );
  return failed?.decision?.decidedAt;
}

function localDate(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(instant));
}
