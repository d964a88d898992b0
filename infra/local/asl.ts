// Turns the state machine of a synthesized CloudFormation template back into plain ASL JSON, so the embedded
// runtime executes exactly what the cloud would: CDK writes the definition as an Fn::Join over JSON fragments
// and function ARNs (Fn::GetAtt); here each function ARN becomes a recognizable placeholder that maps to the
// handler file recorded in the function's metadata.
import { readFileSync } from 'node:fs';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { functionMetadata } from '#infra/routes';

/** The slice of a CloudFormation template this module reads. */
export interface CfnTemplate {
  Resources: Record<
    string,
    { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }
  >;
}

export interface LoadedStateMachine {
  /** Plain ASL; Lambda functions appear as `arn:aws:lambda:local:000000000000:function:<LogicalId>`. */
  definition: StateMachineDefinition;
  /** Placeholder function ARN used in the ASL → the handler entry (project-relative), or the logical ID if unknown. */
  lambdaByResource: Map<string, string>;
  /** The state machine's logical ID in the template. */
  logicalId: string;
}

/** Pseudo parameters as the local runtime presents them. */
export const localPseudoParameters: Readonly<Record<string, string>> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'local',
  'AWS::AccountId': '000000000000',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'local',
};

/** The ARN a Lambda function of the template stands for in the local ASL. */
export function placeholderFunctionArn(logicalId: string): string {
  return `arn:aws:lambda:local:000000000000:function:${logicalId}`;
}

/**
 * Reads the state machine from a template (a path to `cdk.out/<Stack>.template.json`, or the parsed object).
 * @param options.logicalId which state machine, when the template holds more than one
 */
export function loadStateMachineDefinition(
  source: string | CfnTemplate,
  options: { logicalId?: string } = {},
): LoadedStateMachine {
  const template: CfnTemplate =
    typeof source === 'string' ? JSON.parse(readFileSync(source, 'utf8')) : source;
  const machines = Object.entries(template.Resources).filter(
    ([id, resource]) =>
      resource.Type === 'AWS::StepFunctions::StateMachine' &&
      (!options.logicalId || id === options.logicalId),
  );
  if (machines.length !== 1) {
    throw new Error(
      `Expected exactly one AWS::StepFunctions::StateMachine${options.logicalId ? ` named ${options.logicalId}` : ''}, found ${machines.length}`,
    );
  }
  const [logicalId, machine] = machines[0]!;
  const props = machine.Properties ?? {};

  const lambdaByResource = new Map<string, string>();
  const resolveArn = (target: string): string => {
    const resource = template.Resources[target];
    if (!resource)
      throw new Error(`The state machine refers to ${target}, which the template does not define`);
    if (resource.Type === 'AWS::Lambda::Function') {
      const arn = placeholderFunctionArn(target);
      const entry = resource.Metadata?.[functionMetadata.entry];
      lambdaByResource.set(arn, typeof entry === 'string' ? entry : target);
      return arn;
    }
    return `arn:aws:local:local:000000000000:${resource.Type.replaceAll('::', '-')}/${target}`;
  };

  const substitutions = new Map<string, string>(
    Object.entries((props.DefinitionSubstitutions as Record<string, unknown> | undefined) ?? {}).map(
      ([k, v]) => [k, resolveValue(v, resolveArn)],
    ),
  );
  let text: string;
  if (props.Definition !== undefined) {
    text = JSON.stringify(props.Definition);
  } else if (props.DefinitionString !== undefined) {
    text = resolveValue(props.DefinitionString, resolveArn);
  } else {
    throw new Error(
      `State machine ${logicalId} has no inline definition (DefinitionS3Location is not supported)`,
    );
  }
  text = text.replace(/\$\{([^}]+)\}/g, (whole, name: string) => substitutions.get(name) ?? whole);
  return { definition: JSON.parse(text) as StateMachineDefinition, lambdaByResource, logicalId };
}

/** Resolves the intrinsic functions CDK uses in a definition string. */
function resolveValue(value: unknown, resolveArn: (logicalId: string) => string): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const [fn, args] = Object.entries(value)[0] ?? [];
    if (fn === 'Fn::Join' && Array.isArray(args)) {
      const [separator, parts] = args as [string, unknown[]];
      return parts.map((part) => resolveValue(part, resolveArn)).join(separator);
    }
    if (fn === 'Ref' && typeof args === 'string') {
      return localPseudoParameters[args] ?? resolveArn(args);
    }
    if (fn === 'Fn::GetAtt') {
      const [target, attribute] = (Array.isArray(args) ? args : String(args).split('.')) as [string, string];
      if (attribute === 'Arn') return resolveArn(target);
      return `${target}.${attribute}`;
    }
  }
  throw new Error(`Cannot resolve ${JSON.stringify(value)} in a state machine definition`);
}
