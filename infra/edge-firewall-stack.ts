// The small stack that holds the edge's WAF WebACL in us-east-1 (the only region where AWS WAF accepts scope
// CLOUDFRONT) when the platform deploys to another region; the main stack reads its ARN through CDK's
// cross-region references (an SSM parameter the main stack's region reads at deploy time).
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { EdgeFirewall } from './constructs/edge-firewall.ts';

export const edgeFirewallRegion = 'us-east-1';

export class EdgeFirewallStack extends Stack {
  public readonly firewall: EdgeFirewall;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, {
      description: 'One-window approval: the WAF WebACL of the CloudFront distribution (us-east-1 only)',
      ...props,
    });
    this.firewall = new EdgeFirewall(this, 'EdgeFirewall');
  }
}
