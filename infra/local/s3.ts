// The embedded runtime's S3: the npm package `s3rver` (3.7.1), in this process, on a loopback port, with its
// objects in a folder under the data directory, so documents survive a restart like the table does. What it
// does not do, checked: it verifies neither request signatures nor `x-amz-checksum-sha256`, keeps no object
// versions and returns no checksum from HeadObject; the confirmation therefore hashes the stored bytes itself
// (services/documents/adapters/s3-object-storage.ts), where real S3 has already refused a mismatching body.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { CreateBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

export interface EmbeddedS3 {
  /** e.g. `http://127.0.0.1:4569`: path-style, any credentials. */
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts s3rver on 127.0.0.1 (only) with its data in `directory`; creates the buckets that are missing. */
export async function startEmbeddedS3(options: {
  directory: string;
  buckets: readonly string[];
  port?: number;
  /** Origins whose pages PUT and GET with presigned URLs (the portal's), as the cloud bucket's CORS rule. */
  corsOrigins?: readonly string[];
}): Promise<EmbeddedS3> {
  const directory = resolve(options.directory);
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({ address: '127.0.0.1', port: options.port ?? 0, silent: true, directory });
  withoutSkewCheck(server);
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  await createBuckets(endpoint, options.buckets, options.corsOrigins ?? []);
  return { endpoint, stop: () => server.close() };
}

/**
 * s3rver refuses a header-signed request whose x-amz-date is 15 minutes off its own clock. The runtime's clock
 * is movable (tests jump months ahead) and the SDK corrects its own skew from the Date header, which Node writes
 * from the real clock: the two disagree and every request would be refused. Signatures are not verified by
 * s3rver anyway, so the date is restamped with the server's own time before its check (local only).
 */
function withoutSkewCheck(server: S3rver): void {
  const app = server as unknown as {
    middleware: ((ctx: KoaContext, next: () => Promise<void>) => Promise<void>)[];
  };
  app.middleware.unshift(async (ctx, next) => {
    if (ctx.headers['x-amz-date'] !== undefined) {
      ctx.headers['x-amz-date'] = new Date()
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
    }
    await next();
  });
}
interface KoaContext {
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Creates each bucket; one that exists already (a restart on kept data) is left as it is. With origins, each
 * bucket answers their browsers' PUT and GET (CORS), set again at every start (the runtime's port may change).
 */
export async function createBuckets(
  endpoint: string,
  buckets: readonly string[],
  corsOrigins: readonly string[] = [],
): Promise<void> {
  const s3 = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'local',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  try {
    for (const bucket of buckets) {
      await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: unknown) => {
        const name = (error as { name?: string }).name;
        if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
      });
      if (corsOrigins.length > 0) {
        await s3.send(
          new PutBucketCorsCommand({
            Bucket: bucket,
            CORSConfiguration: {
              CORSRules: [
                {
                  AllowedOrigins: [...corsOrigins],
                  AllowedMethods: ['PUT', 'GET', 'HEAD'],
                  AllowedHeaders: ['*'],
                  ExposeHeaders: ['ETag'],
                  MaxAgeSeconds: 3000,
                },
              ],
            },
          }),
        );
      }
    }
  } finally {
    s3.destroy();
  }
}
