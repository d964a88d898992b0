// Document storage and certificate signing (电子证照): the document bucket (no public access, SSE, versioning,
// TLS only, server access logs, lifecycle for abandoned uploads), its access-log bucket, and the KMS asymmetric
// key that signs certificates. `bind` gives a function exactly what its route-table entry asks for (the
// `documents` prefixes and the `certificateKey` use in infra/routes.ts), nothing more.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Alias, Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { environmentNames, type DocumentsAccess, type FunctionSpec } from '#infra/routes';
import { acknowledge, nagReference, type ProjectFunction } from './project-function.ts';

/** The bucket's prefixes: where clients PUT (expires), what the platform keeps, the certificates it issues. */
export const documentPrefixes = {
  staging: 'staging/',
  documents: 'documents/',
  certificates: 'certificates/',
} as const;

/** The S3 actions of each access, by prefix. HeadObject is authorized as GetObject; a copy reads and writes. */
export const documentGrants: Readonly<
  Record<DocumentsAccess, readonly { prefix: keyof typeof documentPrefixes; actions: readonly string[] }[]>
> = {
  upload: [{ prefix: 'staging', actions: ['s3:PutObject'] }],
  confirm: [
    { prefix: 'staging', actions: ['s3:GetObject', 's3:GetObjectVersion'] },
    { prefix: 'documents', actions: ['s3:PutObject', 's3:GetObject', 's3:GetObjectVersion'] },
  ],
  download: [{ prefix: 'documents', actions: ['s3:GetObject', 's3:GetObjectVersion'] }],
  'certificates:write': [{ prefix: 'certificates', actions: ['s3:PutObject', 's3:GetObject'] }],
  'certificates:read': [{ prefix: 'certificates', actions: ['s3:GetObject'] }],
};

export const certificateKeyActions = { sign: ['kms:Sign'], verify: ['kms:GetPublicKey'] } as const;

export interface ApprovalDocumentsProps {
  /**
   * Browser origins allowed to PUT uploads and GET downloads with presigned URLs.
   * @default - none (no CORS rule)
   */
  readonly corsAllowedOrigins?: string[];
  /**
   * What happens to the buckets and the signing key when they leave the stack. Documents and the key that
   * signed issued permits are records of government decisions.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * How long access logs are kept.
   * @default Duration.days(365)
   */
  readonly accessLogRetention?: Duration;
}

export class ApprovalDocuments extends Construct {
  public readonly bucket: Bucket;
  public readonly accessLogs: Bucket;
  public readonly signingKey: Key;

  constructor(scope: Construct, id: string, props: ApprovalDocumentsProps = {}) {
    super(scope, id);
    // Log delivery through a bucket policy (the current practice) rather than the LogDeliveryWrite ACL, so the
    // log bucket can disable ACLs (BucketOwnerEnforced). Set here, before any child exists, for this scope only.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const destroy = removalPolicy === RemovalPolicy.DESTROY;

    this.accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // Server access log delivery writes with SSE-S3 only.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: props.accessLogRetention ?? Duration.days(365) }],
      removalPolicy,
      autoDeleteObjects: false,
    });
    acknowledge(
      this.accessLogs,
      'AwsSolutions-S1',
      'This is the access-log bucket of the document bucket; logging it into itself would loop.',
    );

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'documents/',
      lifecycleRules: [
        {
          // Uploads nobody confirmed within a day are abandoned (their table records expire by TTL too).
          id: 'abandoned-uploads',
          prefix: documentPrefixes.staging,
          expiration: Duration.days(1),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      ...(props.corsAllowedOrigins && props.corsAllowedOrigins.length > 0
        ? {
            cors: [
              {
                allowedOrigins: props.corsAllowedOrigins,
                allowedMethods: [HttpMethods.PUT, HttpMethods.GET],
                allowedHeaders: ['content-type', 'x-amz-checksum-sha256'],
                maxAge: 3000,
              },
            ],
          }
        : {}),
      removalPolicy,
      autoDeleteObjects: false,
    });

    // 电子证照 signing key: asymmetric, so the private half never leaves KMS and anyone may hold the public one.
    this.signingKey = new Key(this, 'CertificateSigningKey', {
      description: 'Signs electronic certificates (电子证照) of issued permits',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: destroy ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    new Alias(this, 'CertificateSigningKeyAlias', {
      aliasName: 'alias/one-window/certificate-signing',
      targetKey: this.signingKey,
    });
  }

  /** Grants what the function's spec asks for and tells it where: bucket name, key id. */
  bind(
    fn: ProjectFunction,
    spec: Pick<FunctionSpec, 'name' | 'documents' | 'certificateKey'>,
  ): ProjectFunction {
    const accesses = spec.documents ?? [];
    if (accesses.length > 0) {
      const byPrefix = new Map<keyof typeof documentPrefixes, Set<string>>();
      for (const access of accesses) {
        for (const grant of documentGrants[access]) {
          const actions = byPrefix.get(grant.prefix) ?? new Set<string>();
          grant.actions.forEach((action) => actions.add(action));
          byPrefix.set(grant.prefix, actions);
        }
      }
      for (const [prefix, actions] of byPrefix) {
        fn.role.addToPrincipalPolicy(
          new PolicyStatement({
            effect: Effect.ALLOW,
            actions: [...actions].sort(),
            resources: [this.bucket.arnForObjects(`${documentPrefixes[prefix]}*`)],
          }),
        );
        acknowledge(
          fn.role,
          `AwsSolutions-IAM5[Resource::<${nagReference(fn.role, this.bucket, 'Arn')}>/${documentPrefixes[prefix]}*]`,
          `${spec.name} works on objects under ${documentPrefixes[prefix]} whose keys it derives per application; ` +
            'the prefix is the narrowest fixed scope.',
        );
      }
      fn.lambdaFunction.addEnvironment(environmentNames.documentsBucket, this.bucket.bucketName);
    }
    if (spec.certificateKey) {
      fn.role.addToPrincipalPolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: [...certificateKeyActions[spec.certificateKey]],
          resources: [this.signingKey.keyArn],
        }),
      );
      fn.lambdaFunction.addEnvironment(environmentNames.certificateKeyId, this.signingKey.keyArn);
    }
    return fn;
  }
}
