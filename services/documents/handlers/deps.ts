// The documents handlers' dependencies, built once per container from the environment the stack sets
// (TABLE_NAME, DOCUMENTS_BUCKET, CERTIFICATE_KEY_ID, PUBLIC_BASE_URL) or the embedded runtime adds
// (DYNAMODB_ENDPOINT, S3_ENDPOINT, CERTIFICATE_KEY_FILE). Tests pass their own.
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#shared/data/client';
import { DynamoDbRepository } from '#shared/data/repository';
import type { Runtime, RuntimeSource } from '#shared/runtime/index';
import {
  adapterFlags,
  idempotencyStoreFor,
  type IdempotencyStoreLoader,
} from '#shared/runtime/optional-adapters';
import { DynamoDbServiceConfigStore } from '#shared/data/service-config-store';
import { DynamoDbProjectRepository } from '#shared/data/project-repository';
import { ServiceConfigSource } from '#shared/service-config/source';
import { environmentNames } from '#infra/routes';
import { FileCertificateSigner, KmsCertificateSigner } from '../adapters/certificate-signers.ts';
import { DynamoDbDocumentRecords } from '../adapters/dynamodb-document-records.ts';
import { S3ObjectStorage } from '../adapters/s3-object-storage.ts';
import type { Applications, CertificateRenderer, CertificateSigner, DocumentsDeps } from '../core/ports.ts';

export interface DocumentsHandlerDeps extends DocumentsDeps {
  idempotency: IdempotencyStoreLoader;
}

export interface DocumentsDepsOptions {
  tableName: string;
  /** Functions that never touch the bucket (listing, the public check) run without one. */
  bucket: string | undefined;
  publicBaseUrl: string;
  dynamodbEndpoint?: string | undefined;
  documentClient?: DynamoDBDocumentClient;
  s3Endpoint?: string | undefined;
  signer: CertificateSigner;
  renderer?: CertificateRenderer;
  /** The platform's composition root brings these (its repository, clock, ids, idempotency store). */
  applications?: Applications;
  /** @default the table's configuration versions */
  serviceConfigs?: DocumentsDeps['serviceConfigs'];
  /** @default the table's project register */
  projects?: DocumentsDeps['projects'];
  idempotency?: IdempotencyStoreLoader;
  now?: () => Date;
  newId?: () => string;
}

export function createDocumentsDeps(options: DocumentsDepsOptions): DocumentsHandlerDeps {
  const client =
    options.documentClient ??
    createDocumentClient(
      options.dynamodbEndpoint !== undefined ? { endpoint: options.dynamodbEndpoint } : {},
    );
  let renderer = options.renderer;
  let storage: S3ObjectStorage | undefined;
  return {
    applications: options.applications ?? new DynamoDbRepository({ client, tableName: options.tableName }),
    records: new DynamoDbDocumentRecords({ client, tableName: options.tableName }),
    get storage(): S3ObjectStorage {
      if (options.bucket === undefined) throw new Error(`${environmentNames.documentsBucket} is not set`);
      return (storage ??= new S3ObjectStorage({ bucket: options.bucket, endpoint: options.s3Endpoint }));
    },
    signer: options.signer,
    // The font (10 MB) is read only by the function that renders certificates, on its first certificate.
    get renderer(): CertificateRenderer {
      return (renderer ??= lazyPdfRenderer());
    },
    config: { publicBaseUrl: options.publicBaseUrl },
    projects: options.projects ?? new DynamoDbProjectRepository({ client, tableName: options.tableName }),
    serviceConfigs:
      options.serviceConfigs ??
      new ServiceConfigSource({
        store: new DynamoDbServiceConfigStore({ client, tableName: options.tableName }),
      }),
    now: options.now ?? (() => new Date()),
    newId: options.newId ?? (() => randomUUID()),
    idempotency: options.idempotency ?? idempotencyStoreFor({ client, tableName: options.tableName }),
  };
}

/**
 * The documents deps on the platform's composition root: its repository, clock, ids and idempotency store, plus
 * what only this context needs (bucket, signer, renderer, its records), from the environment.
 */
export function documentsDepsFor(
  runtime: Runtime,
  env: NodeJS.ProcessEnv = process.env,
): DocumentsHandlerDeps {
  return documentsDepsFromEnv(env, {
    applications: runtime.repository,
    serviceConfigs: runtime.serviceConfigs,
    projects: runtime.projects,
    idempotency: runtime.idempotency,
    now: runtime.now,
    newId: runtime.newId,
  });
}

/** @throws when a variable the function needs is missing: a misconfigured function fails loudly, at once. */
export function documentsDepsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  shared: Pick<
    DocumentsDepsOptions,
    'applications' | 'serviceConfigs' | 'projects' | 'idempotency' | 'now' | 'newId'
  > = {},
): DocumentsHandlerDeps {
  const need = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const keyId = env[environmentNames.certificateKeyId];
  const keyFile = env.CERTIFICATE_KEY_FILE;
  return createDocumentsDeps({
    tableName: need(environmentNames.tableName),
    bucket: env[environmentNames.documentsBucket] || undefined,
    publicBaseUrl: env[environmentNames.publicBaseUrl] || 'http://127.0.0.1:3000',
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    s3Endpoint: env.S3_ENDPOINT || undefined,
    signer: keyId
      ? new KmsCertificateSigner({ keyId })
      : keyFile
        ? new FileCertificateSigner(keyFile)
        : unconfiguredSigner,
    ...shared,
  });
}

/**
 * The PDF renderer, loaded on the first certificate: pdf-lib and fontkit (~1.1 MB of code) are then evaluated
 * only where a certificate is rendered, not at the cold start of every function of this context.
 */
function lazyPdfRenderer(): CertificateRenderer {
  let loading: Promise<CertificateRenderer> | undefined;
  return {
    render: async (content) => {
      // A failed load (the font missing) is tried again on the next certificate, as the constructor was.
      loading ??= pdfRendererModule()
        .then(({ PdfCertificateRenderer }) => new PdfCertificateRenderer() as CertificateRenderer)
        .catch((error: unknown) => {
          loading = undefined;
          throw error;
        });
      return (await loading).render(content);
    },
  };
}

/**
 * Only the bundle of the function that writes certificates carries the renderer: the others are built with
 * ONE_WINDOW_USES_CERTIFICATE_RENDERER = 'false' and esbuild drops this import (shared/runtime/optional-adapters.ts).
 */
async function pdfRendererModule() {
  if (process.env.ONE_WINDOW_USES_CERTIFICATE_RENDERER !== 'false') {
    return import('../adapters/pdf-certificate-renderer.ts');
  }
  throw new Error(
    `This function was bundled without the certificate renderer (${adapterFlags.certificateRenderer})`,
  );
}

/** A function without a signing key (no route of it signs or verifies) fails loudly if it ever tries. */
const unconfiguredSigner: CertificateSigner = {
  sign: () => Promise.reject(new Error('No certificate key: set CERTIFICATE_KEY_ID or CERTIFICATE_KEY_FILE')),
  verify: () =>
    Promise.reject(new Error('No certificate key: set CERTIFICATE_KEY_ID or CERTIFICATE_KEY_FILE')),
};

/** The documents deps themselves, or the platform's runtime (`createHandler(runtime)`), or a factory of either. */
export type DocumentsDepsSource =
  DocumentsHandlerDeps | RuntimeSource | (() => DocumentsHandlerDeps | Runtime);

/** Built once, on first use (so importing a handler needs no environment). */
export function lazyDocumentsDeps(source?: DocumentsDepsSource): () => DocumentsHandlerDeps {
  let deps: DocumentsHandlerDeps | undefined;
  return () => {
    if (deps) return deps;
    const given = source === undefined ? undefined : typeof source === 'function' ? source() : source;
    deps =
      given === undefined ? documentsDepsFromEnv() : 'records' in given ? given : documentsDepsFor(given);
    return deps;
  };
}
