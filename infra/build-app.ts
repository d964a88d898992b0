// Composes the app once for `cdk synth` and for in-process synthesis (tests, the embedded runtime), so both
// see the same stack under the same cdk-nag checks.
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EdgeFirewallStack, edgeFirewallRegion } from './edge-firewall-stack.ts';
import { ApprovalStack, type ApprovalStackProps } from './stack.ts';

/** The stack's name: `cdk.out/<stackName>.template.json`. */
export const stackName = 'OneWindowApproval';

export interface BuildAppOptions {
  app?: AppProps;
  stack?: ApprovalStackProps;
  /**
   * Register cdk-nag's AWS Solutions pack as a validation plugin (synthesis then fails on any open finding).
   * Tests turn it off to inspect the findings themselves with `new AwsSolutionsChecks().validateScope(app)`.
   * @default true
   */
  nag?: boolean;
}

export function buildApp(options: BuildAppOptions = {}): {
  app: App;
  stack: ApprovalStack;
  /** Present when the stack deploys outside us-east-1. */
  firewall?: EdgeFirewallStack;
} {
  const app = new App(options.app);
  // AWS WAF for CloudFront lives in us-east-1 only: a stack deploying elsewhere gets its WebACL from a small
  // stack there (cross-region reference). Environment-agnostic, the WebACL is part of the stack, which must
  // then be deployed to us-east-1.
  const region = options.stack?.env?.region;
  let firewall: EdgeFirewallStack | undefined;
  if (region !== undefined && region !== edgeFirewallRegion) {
    firewall = new EdgeFirewallStack(app, `${stackName}EdgeFirewall`, {
      env: { account: options.stack?.env?.account, region: edgeFirewallRegion },
      crossRegionReferences: true,
    });
  }
  const stack = new ApprovalStack(app, stackName, {
    description:
      'One-window approval platform for industrial construction projects (一窗受理 · 并联审批 · 限时办结)',
    ...options.stack,
    ...(firewall ? { webAclArn: firewall.firewall.webAclArn, crossRegionReferences: true } : {}),
  });
  // cdk-nag 3 is a policy-validation plugin (no longer an Aspect): synthesis fails on any finding that is
  // neither fixed nor acknowledged with a reason (Validations.of(construct).acknowledge).
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, ...(firewall ? { firewall } : {}) };
}
