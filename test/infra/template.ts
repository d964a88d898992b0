// Reading the synthesized template in the infra tests: resources by type, a function by its route-table name,
// and the IAM statements its role holds.
import { functionMetadata } from '#infra/routes';
import type { CfnTemplate } from '#infra/local/asl';

export type Resource = CfnTemplate['Resources'][string];

export interface Statement {
  Effect: string;
  Action: string[];
  Resource: unknown[];
  /** The statement's Condition block, when it has one. */
  Condition?: Record<string, Record<string, unknown>>;
}

export function resourcesOfType(template: CfnTemplate, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** The Lambda function the route table calls `name`, by the metadata the construct writes. */
export function functionNamed(template: CfnTemplate, name: string): [string, Resource] {
  const found = resourcesOfType(template, 'AWS::Lambda::Function').filter(
    ([, fn]) => fn.Metadata?.[functionMetadata.name] === name,
  );
  if (found.length !== 1) throw new Error(`Expected one function named ${name}, found ${found.length}`);
  return found[0]!;
}

/** Every statement of every policy attached to a role (inline and attached), actions as arrays. */
export function statementsOfRole(template: CfnTemplate, roleLogicalId: string): Statement[] {
  const role = template.Resources[roleLogicalId];
  if (!role) throw new Error(`No role ${roleLogicalId}`);
  const documents: { Statement: Record<string, unknown>[] }[] = [];
  for (const policy of (role.Properties?.Policies as { PolicyDocument: (typeof documents)[number] }[]) ??
    []) {
    documents.push(policy.PolicyDocument);
  }
  for (const [, policy] of resourcesOfType(template, 'AWS::IAM::Policy')) {
    const roles = (policy.Properties?.Roles as { Ref?: string }[]) ?? [];
    if (roles.some((r) => r.Ref === roleLogicalId)) {
      documents.push(policy.Properties!.PolicyDocument as (typeof documents)[number]);
    }
  }
  return documents.flatMap((doc) =>
    doc.Statement.map((s) => ({
      Effect: String(s.Effect),
      Action: ([] as string[]).concat(s.Action as string | string[]),
      Resource: ([] as unknown[]).concat(s.Resource),
      ...(s.Condition !== undefined ? { Condition: s.Condition as Statement['Condition'] } : {}),
    })),
  );
}

/** The logical ID a `{ "Fn::GetAtt": [id, "Arn"] }` or `{ "Ref": id }` points at. */
export function targetOf(value: unknown): string | undefined {
  if (value && typeof value === 'object') {
    const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
    return v.Ref ?? v['Fn::GetAtt']?.[0];
  }
  return undefined;
}

/** Every logical ID a value refers to (Ref, Fn::GetAtt), however deeply nested in Fn::Join and friends. */
export function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (value && typeof value === 'object') {
    const direct = targetOf(value);
    if (direct) return [direct];
    return Object.values(value).flatMap(referencedIds);
  }
  return [];
}
