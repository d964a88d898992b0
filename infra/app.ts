// The CDK app named in cdk.json: the approval stack with cdk-nag's AWS Solutions checks applied to everything.
// Runs under the CDK CLI (which sets CDK_OUTDIR) or on its own (`npx tsx infra/app.ts`), writing cdk.out.
import { buildApp } from './build-app.ts';

buildApp({ app: { outdir: process.env.CDK_OUTDIR ?? 'cdk.out' } }).app.synth();
