// What the documents logic needs from the outside, as narrow interfaces: object storage (S3 in the cloud, s3rver
// locally), the document and certificate records (the single table), a signer (KMS or a local key file), a PDF
// renderer, the applications, the clock. Adapters implement them; tests pass fakes.
import type { ApplicationWithSteps } from '#shared/data/ports';
import type { Application, AuditEvent } from '#shared/model';
import type { ServiceConfigProvider } from '#shared/service-config/source';
import type { ProjectRepository } from '#shared/data/project-ports';
import type { CertificateRecord, DocumentVersion } from './model.ts';

export interface StoredObject {
  sizeBytes: number;
  /** Hex SHA-256 of the whole object, when the store reports a checksum (S3 with ChecksumMode ENABLED). */
  sha256?: string;
  versionId?: string;
}

/** The document bucket. Keys are chosen by the core; the storage never decides what is attached. */
export interface ObjectStorage {
  /** A presigned PUT whose signature covers the size, the content type and the SHA-256 of the body. */
  presignUpload(input: {
    key: string;
    sizeBytes: number;
    contentType: string;
    sha256: string;
    expiresInSeconds: number;
  }): Promise<{ url: string; headers: Record<string, string> }>;
  /** A presigned GET of one object version, downloaded under `fileName`. */
  presignDownload(input: {
    key: string;
    versionId?: string;
    fileName: string;
    contentType: string;
    expiresInSeconds: number;
  }): Promise<{ url: string }>;
  /** Copies an object (staging → kept); answers the copy's version. Undefined when the source is missing. */
  copy(input: { from: string; to: string }): Promise<{ versionId?: string } | undefined>;
  /**
   * Size and SHA-256 of an object: the store's checksum where it keeps one, else computed from the bytes read
   * back (s3rver keeps none). Undefined when the object is missing.
   */
  inspect(key: string, versionId?: string): Promise<(StoredObject & { sha256: string }) | undefined>;
  put(input: { key: string; body: Uint8Array; contentType: string }): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
}

/** Document versions and certificate records in the single table, with their audit events. */
export interface DocumentRecords {
  listVersions(applicationId: string): Promise<DocumentVersion[]>;
  findVersion(
    applicationId: string,
    documentId: string,
    version: number,
  ): Promise<DocumentVersion | undefined>;
  /** @throws Conflict `VERSION_TAKEN` when that version was declared meanwhile */
  declare(version: DocumentVersion): Promise<void>;
  /** Marks a pending version confirmed with its audit event, in one transaction. @throws Conflict `NOT_PENDING` */
  confirm(version: DocumentVersion, event: AuditEvent): Promise<void>;
  /** Appends an event (a download) to the application's timeline. */
  appendEvent(event: AuditEvent): Promise<void>;
  findCertificate(certificateNo: string): Promise<CertificateRecord | undefined>;
  /** Stores the record unless one exists; answers the stored one (a retry keeps the first). */
  putCertificate(record: CertificateRecord): Promise<CertificateRecord>;
  /** Appends an event unless an event with its key exists already (replayed issuance). */
  appendEventOnce(event: AuditEvent): Promise<void>;
}

export interface Signature {
  keyId: string;
  algorithm: 'ECDSA_SHA_256';
  /** Base64 DER. */
  signature: string;
}

/** 电子证照 signing: an asymmetric key the platform holds. */
export interface CertificateSigner {
  sign(message: Uint8Array): Promise<Signature>;
  verify(message: Uint8Array, signature: Signature): Promise<boolean>;
}

/** The facts printed on a certificate. */
export interface CertificateContent {
  certificateNo: string;
  permitName: string;
  permitType: string;
  projectName: string;
  enterpriseId: string;
  parcel: string;
  departmentName: string;
  /** 发证日期, YYYY-MM-DD in the region's zone. */
  issuedOn: string;
  issuedAt: string;
  trackName: string;
  byCommitment: boolean;
  verifyUrl: string;
  applicationId: string;
}

export interface CertificateRenderer {
  /** The same content gives the same bytes (issuance is retried and replayed). */
  render(content: CertificateContent): Promise<Uint8Array>;
}

export interface Applications {
  getApplicationWithSteps(applicationId: string): Promise<ApplicationWithSteps>;
  findApplication(applicationId: string): Promise<Application | undefined>;
}

export interface DocumentsConfig {
  /** Public base URL of the API: the QR code points to `${publicBaseUrl}/verify/{certificateNo}`. */
  publicBaseUrl: string;
  /** @default 'Asia/Shanghai' */
  timeZone?: string;
}

export interface DocumentsDeps {
  applications: Applications;
  records: DocumentRecords;
  storage: ObjectStorage;
  signer: CertificateSigner;
  renderer: CertificateRenderer;
  config: DocumentsConfig;
  /**
   * The service configuration's versions: certificates name permits from the application's own version.
   * @default none (permits named from the default catalogue)
   */
  serviceConfigs?: Pick<ServiceConfigProvider, 'current' | 'version'>;
  /** Where a project's approval secretary is read (rights over the project's applications). @default none */
  projects?: Pick<ProjectRepository, 'findProject'>;
  now: () => Date;
  newId: () => string;
}
