// Synthesizes the approval stack in-process, without bundling (no esbuild runs, no assets are built), for tests
// and for the embedded runtime: the template, and so the state machine, is exactly what `cdk synth` produces.
// Cached per process: a test file synthesizes once however many tests read the template.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App, CfnElement, NestedStack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../build-app.ts';
import type { ApprovalStack } from '../stack.ts';
import type { CfnTemplate } from './asl.ts';

export interface SynthesizedApproval {
  app: App;
  stack: ApprovalStack;
  /** For `aws-cdk-lib/assertions`. */
  template: Template;
  /**
   * The CloudFormation template as JSON, for `loadStateMachineDefinition` and the workflow runner, with the API's
   * function stacks folded in (`foldNestedStacks`): a test reads a route's function, role and grants as if they
   * were the parent's. The monitoring stack stays apart.
   */
  json: CfnTemplate;
  /** Each stack as CloudFormation receives it, for its limits (resources, parameters, outputs). */
  deployed: { name: string; json: CfnTemplate }[];
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
    const parent = assembly.getStackByName(stack.stackName).template as CfnTemplate;
    const read = (nested: NestedStack): CfnTemplate =>
      JSON.parse(readFileSync(join(assembly.directory, nested.templateFile), 'utf8')) as CfnTemplate;
    const monitoring = read(stack.observabilityStack);
    const functionStacks = [...stack.api.functionStacks.values()].map((nested) => ({
      name: nested.node.id,
      logicalId: stack.getLogicalId(nested.nestedStackResource as CfnElement),
      json: read(nested),
    }));
    const json = foldNestedStacks(parent, functionStacks);
    cached = {
      app,
      stack,
      template: Template.fromJSON(json as unknown as Record<string, unknown>),
      json,
      deployed: [
        { name: stack.stackName, json: parent },
        { name: stack.observabilityStack.node.id, json: monitoring },
        ...functionStacks.map(({ name, json }) => ({ name, json })),
      ],
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

interface NestedTemplate {
  /** The nested stack's resource in the parent. */
  logicalId: string;
  json: CfnTemplate & { Outputs?: Record<string, { Value: unknown }> };
}

/**
 * The parent template with the given nested stacks' resources in it, as one template: a nested stack's
 * parameters become the values the parent passes, the parent's `Outputs.*` attributes of it become the
 * outputs' values. References keep pointing at logical IDs, so a function's role, grants and integration read
 * as before the functions moved (api.ts). Logical IDs are unique across stacks by construction; checked.
 */
export function foldNestedStacks(parent: CfnTemplate, nested: readonly NestedTemplate[]): CfnTemplate {
  const resources: CfnTemplate['Resources'] = { ...parent.Resources };
  const outputs = new Map<string, unknown>();
  for (const { logicalId, json } of nested) {
    const passed = (resources[logicalId]?.Properties?.Parameters ?? {}) as Record<string, unknown>;
    const bind = (value: unknown): unknown => substitute(value, (ref) => passed[ref]);
    delete resources[logicalId];
    for (const [id, resource] of Object.entries(json.Resources)) {
      if (id in resources) throw new Error(`${id} is in more than one stack`);
      resources[id] = bind(resource) as CfnTemplate['Resources'][string];
    }
    for (const [name, output] of Object.entries(json.Outputs ?? {})) {
      outputs.set(`${logicalId}.Outputs.${name}`, bind(output.Value));
    }
  }
  const resolveOutputs = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolveOutputs);
    if (value && typeof value === 'object') {
      const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
      if (getAtt && outputs.has(`${getAtt[0]}.${getAtt[1]}`)) return outputs.get(`${getAtt[0]}.${getAtt[1]}`);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveOutputs(v)]));
    }
    return value;
  };
  return { ...parent, Resources: resolveOutputs(resources) as CfnTemplate['Resources'] };
}

/** `{ Ref: name }` → `valueOf(name)` wherever `valueOf` knows the name (a nested stack's parameter). */
function substitute(value: unknown, valueOf: (ref: string) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => substitute(v, valueOf));
  if (value && typeof value === 'object') {
    const ref = (value as { Ref?: unknown }).Ref;
    if (typeof ref === 'string' && Object.keys(value).length === 1) {
      const bound = valueOf(ref);
      if (bound !== undefined) return bound;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, valueOf)]));
  }
  return value;
}
