// The document bucket through the S3 API: presigned PUTs that carry the declared SHA-256 as a signed header
// (S3 refuses a body that does not match it with BadDigest), presigned GETs of one object version, the copy that
// moves a confirmed upload out of the staging prefix, and inspection by S3's own checksum, or by hashing the
// bytes where the store keeps none (s3rver, the embedded runtime's S3, verifies and returns no checksum).
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound as S3NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ObjectStorage, StoredObject } from '../core/ports.ts';

export interface S3ObjectStorageOptions {
  bucket: string;
  /** s3rver in the embedded runtime and tests, e.g. `http://127.0.0.1:4569`. */
  endpoint?: string | undefined;
  client?: S3Client;
}

export function createS3Client(endpoint?: string): S3Client {
  return new S3Client({
    maxAttempts: 5,
    // Checksums only where we ask for them: a presigned URL must carry ours, not a CRC of an empty body.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(endpoint !== undefined
      ? {
          endpoint,
          forcePathStyle: true,
          region: process.env.AWS_REGION ?? 'local',
          credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        }
      : {}),
  });
}

const hexToBase64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
const base64ToHex = (b64: string) => Buffer.from(b64, 'base64').toString('hex');

export class S3ObjectStorage implements ObjectStorage {
  readonly #s3: S3Client;
  readonly #bucket: string;

  constructor(options: S3ObjectStorageOptions) {
    this.#s3 = options.client ?? createS3Client(options.endpoint);
    this.#bucket = options.bucket;
  }

  async presignUpload(input: {
    key: string;
    sizeBytes: number;
    contentType: string;
    sha256: string;
    expiresInSeconds: number;
  }): Promise<{ url: string; headers: Record<string, string> }> {
    const checksum = hexToBase64(input.sha256);
    const url = await getSignedUrl(
      this.#s3,
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: input.key,
        ContentType: input.contentType,
        ContentLength: input.sizeBytes,
        ChecksumSHA256: checksum,
      }),
      {
        expiresIn: input.expiresInSeconds,
        // Kept as signed headers (not hoisted into the query): the client must send them, S3 checks the body.
        unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
        signableHeaders: new Set(['content-type', 'content-length', 'x-amz-checksum-sha256']),
      },
    );
    return {
      url,
      headers: {
        'content-type': input.contentType,
        'x-amz-checksum-sha256': checksum,
      },
    };
  }

  async presignDownload(input: {
    key: string;
    versionId?: string;
    fileName: string;
    contentType: string;
    expiresInSeconds: number;
  }): Promise<{ url: string }> {
    const url = await getSignedUrl(
      this.#s3,
      new GetObjectCommand({
        Bucket: this.#bucket,
        Key: input.key,
        ...(input.versionId ? { VersionId: input.versionId } : {}),
        ResponseContentType: input.contentType,
        // RFC 6266 / 5987: Chinese file names survive as UTF-8, with an ASCII fallback.
        ResponseContentDisposition: `attachment; filename="${asciiFallback(input.fileName)}"; filename*=UTF-8''${encodeURIComponent(input.fileName)}`,
      }),
      { expiresIn: input.expiresInSeconds },
    );
    return { url };
  }

  async copy(input: { from: string; to: string }): Promise<{ versionId?: string } | undefined> {
    try {
      const result = await this.#s3.send(
        new CopyObjectCommand({
          Bucket: this.#bucket,
          Key: input.to,
          CopySource: `${this.#bucket}/${input.from.split('/').map(encodeURIComponent).join('/')}`,
          // S3 computes the copy's full-object SHA-256 afresh.
          ChecksumAlgorithm: 'SHA256',
        }),
      );
      return result.VersionId ? { versionId: result.VersionId } : {};
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async inspect(key: string, versionId?: string): Promise<(StoredObject & { sha256: string }) | undefined> {
    let head;
    try {
      head = await this.#s3.send(
        new HeadObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          ...(versionId ? { VersionId: versionId } : {}),
          ChecksumMode: 'ENABLED',
        }),
      );
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    const sizeBytes = head.ContentLength ?? 0;
    const version = head.VersionId ? { versionId: head.VersionId } : {};
    // A full-object checksum (not a composite "...-N" of a multipart upload) is S3's word for the bytes.
    if (head.ChecksumSHA256 && !head.ChecksumSHA256.includes('-')) {
      return { sizeBytes, sha256: base64ToHex(head.ChecksumSHA256), ...version };
    }
    const bytes = await this.get(key, versionId);
    if (!bytes) return undefined;
    return {
      sizeBytes: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      ...version,
    };
  }

  async put(input: { key: string; body: Uint8Array; contentType: string }): Promise<void> {
    await this.#s3.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: input.key,
        Body: input.body,
        ContentType: input.contentType,
        ChecksumSHA256: createHash('sha256').update(input.body).digest('base64'),
      }),
    );
  }

  async get(key: string, versionId?: string): Promise<Uint8Array | undefined> {
    try {
      const result = await this.#s3.send(
        new GetObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          ...(versionId ? { VersionId: versionId } : {}),
        }),
      );
      const chunks: Buffer[] = [];
      for await (const chunk of result.Body as Readable) chunks.push(Buffer.from(chunk as Uint8Array));
      return Buffer.concat(chunks);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }
}

function isMissing(error: unknown): boolean {
  if (error instanceof NoSuchKey || error instanceof S3NotFound) return true;
  const name = (error as { name?: string } | undefined)?.name;
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode;
  return name === 'NoSuchKey' || name === 'NotFound' || status === 404;
}

function asciiFallback(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return ascii.length > 0 ? ascii : 'document';
}
