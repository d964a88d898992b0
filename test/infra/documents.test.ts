// The document bucket, its access-log bucket and the certificate signing key as deployed, and the grants each
// function gets from its route-table entry: the prefixes it works on, the one KMS action it needs.
import { beforeAll, describe, expect, it } from 'vitest';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { documentPrefixes } from '#infra/constructs/documents';
import type { CfnTemplate } from '#infra/local/asl';
import { synthesizeApproval } from '#infra/local/synth';
import { allFunctions, environmentNames } from '#infra/routes';
import { functionNamed, resourcesOfType, statementsOfRole, targetOf } from './template.ts';

let template: Template;
let json: CfnTemplate;
beforeAll(() => {
  ({ template, json } = synthesizeApproval());
});

const blockAll = {
  BlockPublicAcls: true,
  BlockPublicPolicy: true,
  IgnorePublicAcls: true,
  RestrictPublicBuckets: true,
};

function documentBucket(): [string, CfnTemplate['Resources'][string]] {
  // The versioned bucket of the documents construct (the audit archive is versioned too, under Object Lock).
  const found = resourcesOfType(json, 'AWS::S3::Bucket').filter(
    ([id, b]) => b.Properties?.VersioningConfiguration && id.startsWith('Documents'),
  );
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('ApprovalDocuments', () => {
  it('keeps documents private, encrypted, versioned and retained, logging every access', () => {
    const [, bucket] = documentBucket();
    expect((bucket as { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: blockAll,
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: { DestinationBucketName: expect.anything(), LogFilePrefix: 'documents/' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  it('expires abandoned uploads: the staging prefix after a day, nothing else', () => {
    const [, bucket] = documentBucket();
    expect(
      (bucket.Properties as { LifecycleConfiguration: { Rules: unknown[] } }).LifecycleConfiguration.Rules,
    ).toEqual([
      {
        Id: 'abandoned-uploads',
        Prefix: documentPrefixes.staging,
        Status: 'Enabled',
        ExpirationInDays: 1,
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
    ]);
  });

  it('refuses any request without TLS, on both buckets', () => {
    const policies = resourcesOfType(json, 'AWS::S3::BucketPolicy').filter(([id]) =>
      id.startsWith('Documents'),
    );
    expect(policies).toHaveLength(2);
    for (const [, policy] of policies) {
      expect(JSON.stringify(policy.Properties)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('keeps access logs private and for a year', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: blockAll,
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365 })] },
    });
  });

  it('signs certificates with an asymmetric P-256 key that is retained', () => {
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
    });
  });

  it('grants each function exactly its prefixes and key use, with the bucket and key in its environment', () => {
    const [bucketId] = documentBucket();
    for (const spec of allFunctions) {
      const [, fn] = functionNamed(json, spec.name);
      const statements = statementsOfRole(json, targetOf(fn.Properties!.Role)!);
      const s3 = statements.filter((s) => s.Action.some((a) => a.startsWith('s3:')));
      const kms = statements.filter((s) => s.Action.some((a) => a.startsWith('kms:')));
      const environment = (fn.Properties as { Environment?: { Variables?: Record<string, unknown> } })
        .Environment?.Variables;

      expect(s3.length > 0, spec.name).toBe((spec.documents ?? []).length > 0);
      for (const statement of s3) {
        expect(statement.Resource, spec.name).toHaveLength(1);
        const resource = JSON.stringify(statement.Resource[0]);
        expect(resource, spec.name).toContain(bucketId);
        expect(resource, spec.name).toMatch(/\/(staging|documents|certificates)\/\*/);
      }
      expect(
        kms.flatMap((s) => s.Action),
        spec.name,
      ).toEqual(
        spec.certificateKey === 'sign'
          ? ['kms:Sign']
          : spec.certificateKey === 'verify'
            ? ['kms:GetPublicKey']
            : [],
      );
      expect(environment?.[environmentNames.documentsBucket] !== undefined, spec.name).toBe(
        (spec.documents ?? []).length > 0,
      );
    }
  });

  it('points the certificates at the public check through CloudFront and ships the font with their function', () => {
    const [, fn] = functionNamed(json, 'issue-certificates');
    const variables = (fn.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment
      .Variables;
    // The API's own execute-api endpoint refuses requests that did not come through CloudFront.
    expect(JSON.stringify(variables[environmentNames.publicBaseUrl])).toContain('DomainName');
    expect(JSON.stringify(variables[environmentNames.publicBaseUrl])).not.toContain('execute-api');
    expect(variables.CERTIFICATE_FONT_PATH).toBe('/var/task/NotoSansSC_400Regular.ttf');
    expect(fn.Properties).toMatchObject({ MemorySize: 1024 });
  });
});
