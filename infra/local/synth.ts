// Synthesizes the approval stack in-process, without bundling (no esbuild runs, no assets are built), for tests
// and for the embedded runtime: the template, and so the state machine, is exactly what `cdk synth` produces.
// Cached per process: a test file synthesizes once however many tests read the template.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../build-app.ts';
import type { ApprovalStack } from '../stack.ts';
import type { CfnTemplate } from './asl.ts';

export interface SynthesizedApproval {
  app: App;
  stack: ApprovalStack;
  /** For `aws-cdk-lib/assertions`. */
  template: Template;
  /** The CloudFormation template as JSON, for `loadStateMachineDefinition` and the workflow runner. */
  json: CfnTemplate;
  /** The nested stack of dashboards and alarms (stack.ts): its parameters are the parent's references. */
  monitoring: { template: Template; json: CfnTemplate };
}

let cached: SynthesizedApproval | undefined;

/**
 * The synthesized stack. cdk-nag is not registered as a plugin here (it would throw on the first finding);
 * run `new AwsSolutionsChecks().validateScope(result.app)` to see the findings.
 */
export function synthesizeApproval(): SynthesizedApproval {
  if (cached) return cached;
  const outdir = mkdtempSync(join(tmpdir(), 'approval-synth-'));
  try {
    const { app, stack } = buildApp({
      nag: false,
      app: { outdir, context: { 'aws:cdk:bundling-stacks': [] } },
    });
    const assembly = app.synth();
    const json = assembly.getStackByName(stack.stackName).template as CfnTemplate;
    const monitoring = JSON.parse(
      readFileSync(join(assembly.directory, stack.observabilityStack.templateFile), 'utf8'),
    ) as CfnTemplate;
    cached = {
      app,
      stack,
      template: Template.fromJSON(json as unknown as Record<string, unknown>),
      json,
      monitoring: {
        template: Template.fromJSON(monitoring as unknown as Record<string, unknown>),
        json: monitoring,
      },
    };
    return cached;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
