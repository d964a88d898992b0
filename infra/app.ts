// The CDK app named in cdk.json: the approval stack with cdk-nag's AWS Solutions checks applied to everything.
// Runs under the CDK CLI (which sets CDK_OUTDIR) or on its own (`npx tsx infra/app.ts`), writing cdk.out.
import { buildApp } from './build-app.ts';

// With credentials, the CDK CLI names the account and region (CDK_DEFAULT_*): the stack is then made for them,
// with its WAF WebACL in us-east-1 (build-app.ts). Without (an offline synth), it stays environment-agnostic.
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
buildApp({
  app: { outdir: process.env.CDK_OUTDIR ?? 'cdk.out' },
  ...(account && region ? { stack: { env: { account, region } } } : {}),
}).app.synth();
