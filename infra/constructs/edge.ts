// THE CloudFront distribution of the platform, one domain for everything: the portal from a private site bucket
// (default behaviour, S3 origin with Origin Access Control), one behaviour per API path prefix derived from the
// route table to the HTTP API (caching disabled, every viewer header but Host forwarded), the OpenAPI document as
// a static file generated at synth time, strict security headers on every response, and AWS WAF in front. The
// portal uses hash routes, so the site needs no rewrite to index.html.
import { existsSync } from 'node:fs';
import { Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { apiPathPatterns, openApiPath, publicPathPatterns } from '#infra/edge-routes';
import type { ApiRoute } from '#infra/routes';
import { acknowledge, logicalIdOf } from './project-function.ts';

export interface ApprovalEdgeProps {
  readonly httpApi: HttpApi;
  readonly routes: readonly ApiRoute[];
  /** The OpenAPI document, built at synth time from the route specs: served as `/openapi.json`. */
  readonly openApiDocument: unknown;
  /**
   * The header CloudFront adds to every request to the API (origin verification): the API refuses requests
   * without it, so its execute-api endpoint is no way around WAF. The value is a dynamic reference.
   */
  readonly originHeader: { readonly name: string; readonly value: string };
  /** The WAF WebACL (scope CLOUDFRONT, in us-east-1) in front of the distribution. */
  readonly webAclArn: string;
  /**
   * The portal's built files (the portal team's `web/dist/`), deployed to the site bucket on every deploy.
   * Absent or missing: the site holds only the OpenAPI document (and the portal is deployed later).
   * @default - nothing but the OpenAPI document
   */
  readonly siteSource?: string;
  /**
   * Origins the portal uploads to and downloads from with presigned URLs (the document bucket's regional
   * endpoint): added to the CSP's connect-src.
   * @default - none
   */
  readonly documentStoreOrigins?: readonly string[];
}

export class ApprovalEdge extends Construct {
  public readonly distribution: Distribution;
  public readonly siteBucket: Bucket;
  public readonly responseHeaders: ResponseHeadersPolicy;
  /** The path patterns that go to the API. */
  public readonly apiPaths: readonly string[];

  constructor(scope: Construct, id: string, props: ApprovalEdgeProps) {
    super(scope, id);
    const region = Stack.of(this).region;

    const logs = new Bucket(this, 'Logs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      logs,
      'AwsSolutions-S1',
      'This bucket receives the access logs of the site bucket and CloudFront.',
    );

    this.siteBucket = new Bucket(this, 'Site', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });

    this.responseHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'One-window approval: strict security headers on every response',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        contentSecurityPolicy: {
          // The portal talks to its own origin, to Cognito (sign-in) and to the document bucket (presigned
          // PUT and GET of documents and certificates), and nothing else.
          contentSecurityPolicy: [
            "default-src 'self'",
            [
              "connect-src 'self'",
              `https://cognito-idp.${region}.amazonaws.com`,
              ...(props.documentStoreOrigins ?? []),
            ].join(' '),
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            'upgrade-insecure-requests',
          ].join('; '),
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override: true },
          { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
        ],
      },
    });

    const siteOrigin = S3BucketOrigin.withOriginAccessControl(this.siteBucket);
    // https://<api-id>.execute-api.<region>.amazonaws.com → the host name.
    const apiDomain = Fn.select(2, Fn.split('/', props.httpApi.apiEndpoint));
    const apiOrigin = new HttpOrigin(apiDomain, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      // CloudFront overwrites a viewer's header of the same name.
      customHeaders: { [props.originHeader.name]: props.originHeader.value },
    });
    const apiBehavior: BehaviorOptions = {
      origin: apiOrigin,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: this.responseHeaders,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      compress: true,
    };
    this.apiPaths = apiPathPatterns(props.routes);
    // The anonymous GETs (guides, notices, published figures): cached by path and query string for as long as
    // the function's Cache-Control says (at most five minutes; `no-store` keeps the certificate check live),
    // with no viewer header forwarded, so a crowd of readers costs a bounded number of calls to the API.
    const publicCache = new CachePolicy(this, 'PublicCache', {
      comment: 'One-window approval: public GETs, by path and query string, as the origin says',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.minutes(5),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const publicBehavior: BehaviorOptions = {
      ...apiBehavior,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      cachePolicy: publicCache,
      originRequestPolicy: undefined,
    };
    const publicPaths = new Set(publicPathPatterns(props.routes));

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'One-window approval: portal, API and OpenAPI document on one domain',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: siteOrigin,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeaders,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        compress: true,
      },
      additionalBehaviors: {
        [openApiPath]: {
          origin: siteOrigin,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: this.responseHeaders,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        },
        ...Object.fromEntries(
          this.apiPaths.map((pattern) => [pattern, publicPaths.has(pattern) ? publicBehavior : apiBehavior]),
        ),
      },
      webAclId: props.webAclArn,
      httpVersion: HttpVersion.HTTP2_AND_3,
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'Enterprises and officials sign in from anywhere (travel, agents abroad); access is by account, not by country.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR4',
      'The default CloudFront certificate allows TLSv1 for viewers; a custom domain with its ACM certificate ' +
        '(TLS_V1_2_2021 set here) is a deployment choice of each service centre.',
    );

    const sources = [Source.jsonData(openApiPath.slice(1), props.openApiDocument)];
    if (props.siteSource !== undefined && existsSync(props.siteSource)) {
      sources.unshift(Source.asset(props.siteSource));
    }
    new BucketDeployment(this, 'SiteFiles', {
      destinationBucket: this.siteBucket,
      sources,
      // Files of an earlier portal build are removed; CloudFront serves the new ones at once.
      prune: true,
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    // CDK's deployment function runs at deploy time only (a CloudFormation custom resource), reachable by no one.
    const deployer = Stack.of(this).node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (deployer) {
      const reason =
        "CDK's BucketDeployment, run by CloudFormation at deploy time only: it reads CDK's asset bucket, " +
        'replaces the site files (prune deletes old ones) and invalidates the distribution (CloudFront ' +
        'invalidations take no resource-level permission). Its runtime and role are CDK’s.';
      const ids = [
        'AwsSolutions-L1',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map(
          (action) => `AwsSolutions-IAM5[Action::${action}]`,
        ),
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
        `AwsSolutions-IAM5[Resource::<${logicalIdOf(this.siteBucket)}.Arn>/*]`,
        'AwsSolutions-IAM5[Resource::*]',
      ];
      for (const id of ids) acknowledge(deployer, id, reason);
    }
  }

  /** `https://dxxxx.cloudfront.net` */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
