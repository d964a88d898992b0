// AWS WAF in front of the platform's one CloudFront distribution: a WebACL of scope CLOUDFRONT (which AWS
// accepts only in us-east-1), with a rate-based rule per client IP and AWS's managed rule groups (common rule
// set, known bad inputs, IP reputation). Used inside the main stack when that stack deploys to us-east-1 (or is
// environment-agnostic), and on its own in a small us-east-1 stack otherwise (infra/edge-firewall-stack.ts).
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { publicPathPrefixes } from '#infra/edge-routes';
import { apiRoutes } from '#infra/routes';

export interface EdgeFirewallProps {
  /**
   * Requests one client IP may send in any 5 minutes before it is blocked (WAF counts per 5-minute window).
   * The busiest honest user, a window clerk working a queue, makes a few hundred.
   * @default 1500
   */
  readonly requestsPerIpPer5Minutes?: number;
  /**
   * Requests one client IP may send to the anonymous routes (guides, notices, published figures, certificate
   * checks) in any 5 minutes: a person reading them makes a few dozen; a scraper walking the notices, thousands.
   * @default 300
   */
  readonly publicRequestsPerIpPer5Minutes?: number;
}

/** The WebACL; `webAclArn` goes to the distribution. */
export class EdgeFirewall extends Construct {
  public readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeFirewallProps = {}) {
    super(scope, id);
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const managed = (
      priority: number,
      name: string,
      excludedRules: string[] = [],
    ): CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ...(excludedRules.length > 0
            ? {
                ruleActionOverrides: excludedRules.map((rule) => ({
                  name: rule,
                  actionToUse: { count: {} },
                })),
              }
            : {}),
        },
      },
      visibilityConfig: visibility(name),
    });

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: 'One-window approval: rate limit per IP and AWS managed rules',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('one-window-edge'),
      rules: [
        {
          name: 'RateLimitPerIp',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: props.requestsPerIpPer5Minutes ?? 1500,
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
            },
          },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
        {
          name: 'RateLimitPublicPerIp',
          priority: 4,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: props.publicRequestsPerIpPer5Minutes ?? 300,
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
              scopeDownStatement: anyPathStartingWith(publicPathPrefixes(apiRoutes)),
            },
          },
          visibilityConfig: visibility('RateLimitPublicPerIp'),
        },
        managed(1, 'AWSManagedRulesAmazonIpReputationList'),
        managed(2, 'AWSManagedRulesKnownBadInputsRuleSet'),
        // Bodies over 8 KB are legitimate here (a supplement with 50 documents' metadata, a calendar year); the
        // API validates every body with its schema and API Gateway caps it at 10 MB. Counted, not blocked.
        managed(3, 'AWSManagedRulesCommonRuleSet', ['SizeRestrictions_BODY']),
      ],
    });
  }

  get webAclArn(): string {
    return this.webAcl.attrArn;
  }
}

/** A statement matching a request whose path starts with one of the prefixes (an OR needs two or more). */
function anyPathStartingWith(prefixes: readonly string[]): CfnWebACL.StatementProperty {
  const statements = prefixes.map<CfnWebACL.StatementProperty>((prefix) => ({
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint: 'STARTS_WITH',
      searchString: prefix,
      textTransformations: [{ priority: 0, type: 'URL_DECODE' }],
    },
  }));
  if (statements.length === 0) throw new Error('No public route to rate-limit');
  return statements.length === 1 ? statements[0]! : { orStatement: { statements } };
}
