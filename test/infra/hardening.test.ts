// The security review's infrastructure findings (issue 16), asserted on the synthesized template: least
// privilege on Step Functions and the indexes (8), what IAM can and cannot enforce on the audit log (3), and
// the edge in front of the API (4).
import { beforeAll, describe, expect, it } from 'vitest';
import type { CfnTemplate } from '#infra/local/asl';
import { synthesizeApproval } from '#infra/local/synth';
import { buildApp } from '#infra/build-app';
import {
  apiPathPatterns,
  publicPathPatterns,
  reservedConcurrencyByCost,
  routeCost,
  throttleByCost,
} from '#infra/edge-routes';
import { allFunctions, apiRoutes, routeKey } from '#infra/routes';
import { functionNamed, resourcesOfType, statementsOfRole, targetOf } from './template.ts';

let template: CfnTemplate;
beforeAll(() => {
  template = synthesizeApproval().json;
});

const allStatements = () =>
  resourcesOfType(template, 'AWS::IAM::Role').flatMap(([id]) => statementsOfRole(template, id));

describe('least privilege (finding 8)', () => {
  it('lets no role send a task failure: decisions end human steps with SendTaskSuccess only', () => {
    // Act
    const actions = allStatements().flatMap((s) => s.Action);

    // Assess
    expect(actions).toContain('states:SendTaskSuccess');
    expect(actions).not.toContain('states:SendTaskFailure');
    expect(actions.filter((a) => a.startsWith('states:SendTask'))).not.toContain('states:SendTask*');
  });

  it('projects into the indexes only what their lists read, never a task token or an execution ARN', () => {
    // Prepare
    const [, table] = resourcesOfType(template, 'AWS::DynamoDB::Table').find(
      ([, t]) => (t.Properties?.GlobalSecondaryIndexes as unknown[] | undefined) !== undefined,
    )!;
    const indexes = table.Properties!.GlobalSecondaryIndexes as {
      IndexName: string;
      Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
    }[];

    // Assess
    expect(indexes.map((i) => i.IndexName).sort()).toEqual([
      'gsi1-by-enterprise',
      'gsi2-open-steps-by-due',
      'gsi3-open-steps-by-holder',
      'gsi4-search',
    ]);
    // The search index holds keys only (its facets are in its sort key): nothing to leak, nothing counted.
    expect(indexes.find((i) => i.IndexName === 'gsi4-search')?.Projection).toEqual({
      ProjectionType: 'KEYS_ONLY',
    });
    for (const index of indexes.filter((i) => i.IndexName !== 'gsi4-search')) {
      expect(index.Projection.ProjectionType, index.IndexName).toBe('INCLUDE');
      expect(index.Projection.NonKeyAttributes, index.IndexName).not.toContain('taskToken');
      expect(index.Projection.NonKeyAttributes, index.IndexName).not.toContain('executionArn');
      expect(index.Projection.NonKeyAttributes, index.IndexName).toEqual(
        expect.arrayContaining(['stepId', 'department', 'dueAt', 'status', 'version']),
      );
    }
    const total = indexes.reduce((n, i) => n + (i.Projection.NonKeyAttributes?.length ?? 0), 0);
    expect(total).toBeLessThanOrEqual(100); // DynamoDB's limit across all indexes of a table
  });

  it('gives every function its own role', () => {
    const roles = allFunctions.map((spec) =>
      targetOf(functionNamed(template, spec.name)[1].Properties!.Role),
    );
    expect(new Set(roles).size).toBe(allFunctions.length);
  });
});

describe('the cursor key (finding 1)', () => {
  it('is a generated secret only the paged routes may read, and they are told where it is', () => {
    // Prepare
    const [secretId] = resourcesOfType(template, 'AWS::SecretsManager::Secret').find(([, secret]) =>
      String(secret.Properties?.Description).includes('cursors'),
    )!;
    const readsCursorKey = (s: { Action: string[]; Resource?: unknown }) =>
      s.Action.includes('secretsmanager:GetSecretValue') &&
      JSON.stringify(s.Resource).includes(`"${secretId}"`);

    // Act
    const readers = allFunctions.filter((spec) => {
      const [, fn] = functionNamed(template, spec.name);
      return statementsOfRole(template, targetOf(fn.Properties!.Role)!).some(readsCursorKey);
    });

    // Assess
    expect(readers.map((spec) => spec.name).sort()).toEqual([
      'list-applications',
      'list-inbox',
      'list-notices',
      'list-notifications',
      'list-projects',
      'list-rating-follow-ups',
      'list-supervision',
      'search-applications',
    ]);
    for (const spec of readers) {
      const [, fn] = functionNamed(template, spec.name);
      const statements = statementsOfRole(template, targetOf(fn.Properties!.Role)!).filter(readsCursorKey);
      expect(statements).toEqual([
        { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [{ Ref: secretId }] },
      ]);
      const environment = (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(environment.CURSOR_KEY_SECRET_ARN).toEqual({ Ref: secretId });
    }
  });
});

describe('the audit log, append-only by IAM where IAM can (finding 3)', () => {
  const tables = () => resourcesOfType(template, 'AWS::DynamoDB::Table');
  const applicationTable = () =>
    tables().find(([, t]) => t.Properties?.GlobalSecondaryIndexes !== undefined)![0];
  const idempotencyTable = () =>
    tables().find(([, t]) => t.Properties?.TimeToLiveSpecification !== undefined)![0];
  const tableArn = () => ({ 'Fn::GetAtt': [applicationTable(), 'Arn'] });

  it('denies every read-write function deletes, TTL attributes and updates of event attributes on the application table', () => {
    for (const spec of allFunctions) {
      // Act
      const [, fn] = functionNamed(template, spec.name);
      // The table's denies (another construct may deny other things, e.g. SNS topics to the SMS sender).
      const denies = statementsOfRole(template, targetOf(fn.Properties!.Role)!).filter(
        (s) => s.Effect === 'Deny' && [s.Action].flat().every((a) => String(a).startsWith('dynamodb:')),
      );

      // Assess: exactly these three statements, on readWrite functions only.
      if (spec.table !== 'readWrite') {
        expect(denies, spec.name).toEqual([]);
        continue;
      }
      expect(denies, spec.name).toEqual([
        {
          Effect: 'Deny',
          Action: [
            'dynamodb:DeleteItem',
            'dynamodb:BatchWriteItem',
            'dynamodb:PartiQLDelete',
            'dynamodb:PartiQLUpdate',
            'dynamodb:PartiQLInsert',
            'dynamodb:UpdateTimeToLive',
          ],
          Resource: [tableArn(), { 'Fn::Join': ['', [tableArn(), '/index/*']] }],
        },
        {
          Effect: 'Deny',
          Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
          Resource: [tableArn()],
          Condition: { 'ForAnyValue:StringEquals': { 'dynamodb:Attributes': ['expiresAt'] } },
        },
        {
          Effect: 'Deny',
          Action: ['dynamodb:UpdateItem'],
          Resource: [tableArn()],
          Condition: {
            'ForAnyValue:StringEquals': {
              'dynamodb:Attributes': [
                'eventId',
                'actor',
                'detail',
                'onBehalfOf',
                'fromStatus',
                'toStatus',
                'type',
                'at',
              ],
            },
          },
        },
      ]);
    }
  });

  it('lets idempotent routes keep records in their own table only: Get, Put and Delete on IDEM# keys', () => {
    for (const spec of allFunctions) {
      // Act
      const [, fn] = functionNamed(template, spec.name);
      const onIdempotency = statementsOfRole(template, targetOf(fn.Properties!.Role)!).filter((s) =>
        JSON.stringify(s.Resource).includes(idempotencyTable()),
      );

      // Assess
      const idempotent = 'idempotent' in spec && spec.idempotent === true;
      expect(onIdempotency, spec.name).toEqual(
        idempotent
          ? [
              {
                Effect: 'Allow',
                Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
                Resource: [{ 'Fn::GetAtt': [idempotencyTable(), 'Arn'] }],
                Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['IDEM#*'] } },
              },
            ]
          : [],
      );
      const environment = (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(environment.IDEMPOTENCY_TABLE_NAME, spec.name).toEqual(
        idempotent ? { Ref: idempotencyTable() } : undefined,
      );
    }
  });

  it('archives every image of every audit event to a bucket with Object Lock in compliance mode', () => {
    // Prepare
    const [, bucket] = resourcesOfType(template, 'AWS::S3::Bucket').find(
      ([, b]) => b.Properties?.ObjectLockEnabled === true,
    )!;
    const [, pipe] = resourcesOfType(template, 'AWS::Pipes::Pipe')[0]!;
    const [streamId, stream] = resourcesOfType(template, 'AWS::KinesisFirehose::DeliveryStream')[0]!;

    // Assess: the lock, the source (the application table's stream), the filter (EVT# keys, any event name).
    expect(bucket.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    expect((bucket as { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
    expect(pipe.Properties).toMatchObject({
      Source: { 'Fn::GetAtt': [applicationTable(), 'StreamArn'] },
      Target: { 'Fn::GetAtt': [streamId, 'Arn'] },
      SourceParameters: {
        DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: -1 },
        FilterCriteria: { Filters: [{ Pattern: '{"dynamodb":{"Keys":{"sk":{"S":[{"prefix":"EVT#"}]}}}}' }] },
      },
    });
    expect(stream.Properties).toMatchObject({
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
    });
  });

  it('lets the archive’s writer add objects and nothing else, and no function reach the archive', () => {
    // Act
    const [, stream] = resourcesOfType(template, 'AWS::KinesisFirehose::DeliveryStream')[0]!;
    const writerRole = targetOf(
      (stream.Properties!.ExtendedS3DestinationConfiguration as { RoleARN: unknown }).RoleARN,
    )!;
    const writer = statementsOfRole(template, writerRole).flatMap((s) => s.Action);
    const archive = targetOf(
      (stream.Properties!.ExtendedS3DestinationConfiguration as { BucketARN: unknown }).BucketARN,
    )!;
    const functionStatements = allFunctions.flatMap((spec) => {
      const [, fn] = functionNamed(template, spec.name);
      return statementsOfRole(template, targetOf(fn.Properties!.Role)!);
    });
    const functionActions = functionStatements.flatMap((s) => s.Action);

    // Assess
    expect(writer.filter((a) => a.startsWith('s3:')).sort()).toEqual([
      's3:AbortMultipartUpload',
      's3:GetBucketLocation',
      's3:ListBucket',
      's3:ListBucketMultipartUploads',
      's3:PutObject',
    ]);
    // Functions may use the documents bucket (issue 10), never the archive nor Firehose.
    expect(functionActions.some((a) => a.startsWith('firehose:'))).toBe(false);
    expect(functionStatements.filter((s) => JSON.stringify(s.Resource ?? '').includes(archive))).toEqual([]);
  });
});

describe('the edge: CloudFront, WAF, throttles (finding 4)', () => {
  const distribution = () =>
    resourcesOfType(template, 'AWS::CloudFront::Distribution')[0]![1].Properties!.DistributionConfig as {
      DefaultCacheBehavior: Record<string, unknown>;
      CacheBehaviors: Record<string, unknown>[];
      Origins: {
        Id: string;
        DomainName: unknown;
        S3OriginConfig?: unknown;
        OriginAccessControlId?: unknown;
      }[];
      WebACLId: unknown;
    };

  it('sends one behaviour per first path segment of the route table to the API, uncached, with every viewer header but Host', () => {
    // Prepare
    const config = distribution();
    const apiOrigin = config.Origins.find((o) => JSON.stringify(o.DomainName).includes('ApiEndpoint'))!;

    // Act
    const toApi = config.CacheBehaviors.filter((b) => b.TargetOriginId === apiOrigin.Id);

    // Assess
    expect(apiPathPatterns(apiRoutes)).toEqual([
      '/admin/*',
      '/applications*',
      '/inbox*',
      '/notifications*',
      '/officers/*',
      '/projects*',
      '/public/*',
      '/steps/*',
      '/supervision-orders*',
      '/verify/*',
    ]);
    expect(toApi.map((b) => b.PathPattern).sort()).toEqual(apiPathPatterns(apiRoutes));
    const anonymous = new Set<unknown>(publicPathPatterns(apiRoutes));
    expect([...anonymous]).toEqual(['/public/*', '/verify/*']);
    for (const behavior of toApi.filter((b) => !anonymous.has(b.PathPattern))) {
      expect(behavior).toMatchObject({
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
        OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // Managed-AllViewerExceptHostHeader
        ViewerProtocolPolicy: 'https-only',
      });
    }
  });

  it('caches the anonymous GETs by path and query string for as long as the function says, forwarding no viewer header', () => {
    // Prepare
    const config = distribution();
    const [policyId, policy] = resourcesOfType(template, 'AWS::CloudFront::CachePolicy').find(([id]) =>
      id.includes('PublicCache'),
    )!;

    // Act
    const anonymous = config.CacheBehaviors.filter((b) =>
      publicPathPatterns(apiRoutes).includes(b.PathPattern as string),
    );

    // Assess
    expect(anonymous).toHaveLength(2);
    for (const behavior of anonymous) {
      expect(behavior).toMatchObject({
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        CachePolicyId: { Ref: policyId },
        ViewerProtocolPolicy: 'https-only',
      });
      expect(behavior).not.toHaveProperty('OriginRequestPolicyId');
    }
    expect(policy.Properties!.CachePolicyConfig).toMatchObject({
      MinTTL: 0,
      DefaultTTL: 0,
      MaxTTL: 300,
      ParametersInCacheKeyAndForwardedToOrigin: {
        QueryStringsConfig: { QueryStringBehavior: 'all' },
        HeadersConfig: { HeaderBehavior: 'none' },
        CookiesConfig: { CookieBehavior: 'none' },
      },
    });
  });

  it('serves the portal and the OpenAPI document from a private bucket through Origin Access Control', () => {
    // Prepare
    const config = distribution();
    const siteOrigin = config.Origins.find((o) => o.S3OriginConfig !== undefined)!;
    const [siteBucketId] = resourcesOfType(template, 'AWS::S3::Bucket').find(([id]) =>
      id.startsWith('EdgeSite'),
    )!;

    // Assess
    expect(siteOrigin.OriginAccessControlId).toBeDefined();
    expect(siteOrigin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    expect(config.DefaultCacheBehavior.TargetOriginId).toBe(siteOrigin.Id);
    expect(config.CacheBehaviors.find((b) => b.PathPattern === '/openapi.json')).toMatchObject({
      TargetOriginId: siteOrigin.Id,
      AllowedMethods: ['GET', 'HEAD'],
    });
    const [, siteBucket] = resourcesOfType(template, 'AWS::S3::Bucket').find(([id]) => id === siteBucketId)!;
    expect(siteBucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    const [, deployment] = resourcesOfType(template, 'Custom::CDKBucketDeployment')[0]!;
    expect(deployment.Properties).toMatchObject({
      DestinationBucketName: { Ref: siteBucketId },
      Prune: true,
    });
  });

  it('adds strict security headers to every response', () => {
    // Prepare
    const [policyId, policy] = resourcesOfType(template, 'AWS::CloudFront::ResponseHeadersPolicy')[0]!;
    const config = distribution();

    // Assess
    const headers = (
      policy.Properties!.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, unknown> }
    ).SecurityHeadersConfig;
    expect(headers).toMatchObject({
      StrictTransportSecurity: {
        AccessControlMaxAgeSec: 63072000,
        IncludeSubdomains: true,
        Preload: true,
        Override: true,
      },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
    });
    const csp = JSON.stringify(
      (headers.ContentSecurityPolicy as { ContentSecurityPolicy: unknown }).ContentSecurityPolicy,
    );
    for (const directive of [
      "default-src 'self'",
      "object-src 'none'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    for (const behavior of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) {
      expect(behavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    }
  });

  it('puts AWS WAF in front: a rate limit per IP and the managed rule groups', () => {
    // Prepare
    const [aclId, acl] = resourcesOfType(template, 'AWS::WAFv2::WebACL')[0]!;
    const rules = acl.Properties!.Rules as {
      Name: string;
      Action?: unknown;
      Statement: {
        RateBasedStatement?: { AggregateKeyType: string; Limit: number };
        ManagedRuleGroupStatement?: { VendorName: string; Name: string };
      };
    }[];

    // Assess
    expect(acl.Properties).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    expect(rules[0]).toMatchObject({
      Name: 'RateLimitPerIp',
      Action: { Block: {} },
      Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 1500 } },
    });
    // The anonymous routes have a tighter limit of their own (guides, notices, figures, certificate checks).
    expect(rules.find((r) => r.Name === 'RateLimitPublicPerIp')).toMatchObject({
      Action: { Block: {} },
      Statement: {
        RateBasedStatement: {
          AggregateKeyType: 'IP',
          Limit: 300,
          ScopeDownStatement: {
            OrStatement: {
              Statements: ['/public/', '/verify/'].map((prefix) => ({
                ByteMatchStatement: expect.objectContaining({
                  FieldToMatch: { UriPath: {} },
                  PositionalConstraint: 'STARTS_WITH',
                  SearchString: prefix,
                }),
              })),
            },
          },
        },
      },
    });
    expect(rules.flatMap((r) => r.Statement.ManagedRuleGroupStatement?.Name ?? []).sort()).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    expect(distribution().WebACLId).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
  });

  it('throttles every route by its cost on the stage, and reserves concurrency for the expensive functions', () => {
    // Prepare
    const [, stage] = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage')[0]!;
    const settings = stage.Properties!.RouteSettings as Record<string, Record<string, number>>;

    // Assess
    expect(Object.keys(settings).sort()).toEqual(apiRoutes.map(routeKey).sort());
    for (const route of apiRoutes) {
      const { rateLimit, burstLimit } = throttleByCost[routeCost(route)];
      expect(settings[routeKey(route)], routeKey(route)).toEqual({
        ThrottlingRateLimit: rateLimit,
        ThrottlingBurstLimit: burstLimit,
      });
      const [, fn] = functionNamed(template, route.name);
      expect(fn.Properties!.ReservedConcurrentExecutions, route.name).toBe(
        reservedConcurrencyByCost[routeCost(route)],
      );
    }
    expect(routeCost(apiRoutes.find((r) => routeKey(r) === 'POST /applications')!)).toBe('workflow');
    expect(routeCost(apiRoutes.find((r) => routeKey(r) === 'GET /admin/reports/steps')!)).toBe('report');
    expect(routeCost(apiRoutes.find((r) => routeKey(r) === 'GET /inbox')!)).toBe('read');
    expect(routeCost(apiRoutes.find((r) => routeKey(r) === 'GET /public/guides')!)).toBe('public');
  });

  it('places the WebACL in a us-east-1 stack when the platform deploys to another region', () => {
    // Act
    const { app, firewall, stack } = buildApp({
      nag: false,
      app: { context: { 'aws:cdk:bundling-stacks': [] } },
      stack: { env: { account: '123456789012', region: 'ap-east-1' } },
    });
    const assembly = app.synth();
    const main = assembly.getStackByName(stack.stackName).template as CfnTemplate;
    const edge = assembly.getStackByName(firewall!.stackName).template as CfnTemplate;

    // Assess
    expect(firewall!.region).toBe('us-east-1');
    expect(resourcesOfType(edge, 'AWS::WAFv2::WebACL')).toHaveLength(1);
    expect(resourcesOfType(main, 'AWS::WAFv2::WebACL')).toHaveLength(0);
    const [, dist] = resourcesOfType(main, 'AWS::CloudFront::Distribution')[0]!;
    expect(JSON.stringify((dist.Properties!.DistributionConfig as { WebACLId: unknown }).WebACLId)).toContain(
      'ExportsReader',
    );
  }, 120_000);
});

describe('origin verification: no way around CloudFront and WAF (finding 4)', () => {
  const originSecret = () =>
    resourcesOfType(template, 'AWS::SecretsManager::Secret').find(([, secret]) =>
      String(secret.Properties?.Description).includes('CloudFront'),
    )!;

  it('is a value Secrets Manager generates: the template holds no plaintext', () => {
    // Prepare
    const [, secret] = originSecret();

    // Assess
    expect(secret.Properties).not.toHaveProperty('SecretString');
    expect(secret.Properties!.GenerateSecretString).toMatchObject({
      PasswordLength: 48,
      ExcludePunctuation: true,
    });
  });

  it('is sent by CloudFront to the API origin as a dynamic reference CloudFormation resolves', () => {
    // Prepare
    const [secretId] = originSecret();
    const config = resourcesOfType(template, 'AWS::CloudFront::Distribution')[0]![1].Properties!
      .DistributionConfig as {
      Origins: {
        DomainName: unknown;
        OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[];
      }[];
    };

    // Act
    const apiOrigin = config.Origins.find((o) => JSON.stringify(o.DomainName).includes('ApiEndpoint'))!;
    const others = config.Origins.filter((o) => o !== apiOrigin);

    // Assess
    expect(apiOrigin.OriginCustomHeaders).toEqual([
      {
        HeaderName: 'x-origin-verify',
        HeaderValue: {
          'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']],
        },
      },
    ]);
    // The site bucket never sees it.
    for (const origin of others) expect(origin.OriginCustomHeaders).toBeUndefined();
  });

  it('is readable by every API function, which is told where it is; by nothing else', () => {
    // Prepare
    const [secretId] = originSecret();
    const readsIt = (s: { Action: string[]; Resource?: unknown }) =>
      s.Action.includes('secretsmanager:GetSecretValue') &&
      JSON.stringify(s.Resource).includes(`"${secretId}"`);

    for (const spec of allFunctions) {
      // Act
      const [, fn] = functionNamed(template, spec.name);
      const statements = statementsOfRole(template, targetOf(fn.Properties!.Role)!).filter(readsIt);
      const environment = (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;

      // Assess
      const isRoute = apiRoutes.some((route) => route.name === spec.name);
      expect(statements.length > 0, spec.name).toBe(isRoute);
      expect(environment.ORIGIN_VERIFY_SECRET_ARN, spec.name).toEqual(
        isRoute ? { Ref: secretId } : undefined,
      );
    }
    expect(apiRoutes.filter((route) => route.public).map((route) => route.name)).toContain(
      'verify-certificate',
    );
  });
});

describe('the static OpenAPI document', () => {
  it('is the document the route table and the contracts build today (run `npm run openapi` after a change)', async () => {
    // Prepare
    const { readFileSync } = await import('node:fs');
    const { apiDocument } = await import('#services/openapi/document');

    // Act
    const file: unknown = JSON.parse(readFileSync('infra/generated/openapi.json', 'utf8'));

    // Assess
    expect(file).toEqual(JSON.parse(JSON.stringify(apiDocument())));
  });
});
