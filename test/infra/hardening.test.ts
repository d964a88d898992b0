// The security review's infrastructure findings (issue 16), asserted on the synthesized template: least
// privilege on Step Functions and the indexes (8), what IAM can and cannot enforce on the audit log (3), and
// the edge in front of the API (4).
import { beforeAll, describe, expect, it } from 'vitest';
import type { CfnTemplate } from '#infra/local/asl';
import { synthesizeApproval } from '#infra/local/synth';
import { allFunctions } from '#infra/routes';
import { functionNamed, resourcesOfType, statementsOfRole, targetOf } from './template.ts';

let template: CfnTemplate;
beforeAll(() => {
  template = synthesizeApproval().json;
});

const allStatements = () =>
  resourcesOfType(template, 'AWS::IAM::Role').flatMap(([id]) => statementsOfRole(template, id));

describe('least privilege (finding 8)', () => {
  it('lets no role send a task failure: decisions end human steps with SendTaskSuccess only', () => {
    // Act
    const actions = allStatements().flatMap((s) => s.Action);

    // Assess
    expect(actions).toContain('states:SendTaskSuccess');
    expect(actions).not.toContain('states:SendTaskFailure');
    expect(actions.filter((a) => a.startsWith('states:SendTask'))).not.toContain('states:SendTask*');
  });

  it('projects into the indexes only what their lists read, never a task token or an execution ARN', () => {
    // Prepare
    const [, table] = resourcesOfType(template, 'AWS::DynamoDB::Table').find(
      ([, t]) => (t.Properties?.GlobalSecondaryIndexes as unknown[] | undefined) !== undefined,
    )!;
    const indexes = table.Properties!.GlobalSecondaryIndexes as {
      IndexName: string;
      Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
    }[];

    // Assess
    expect(indexes.map((i) => i.IndexName).sort()).toEqual(['gsi1-by-enterprise', 'gsi2-open-steps-by-due']);
    for (const index of indexes) {
      expect(index.Projection.ProjectionType, index.IndexName).toBe('INCLUDE');
      expect(index.Projection.NonKeyAttributes, index.IndexName).not.toContain('taskToken');
      expect(index.Projection.NonKeyAttributes, index.IndexName).not.toContain('executionArn');
      expect(index.Projection.NonKeyAttributes, index.IndexName).toEqual(
        expect.arrayContaining(['stepId', 'department', 'dueAt', 'status', 'version']),
      );
    }
    const total = indexes.reduce((n, i) => n + (i.Projection.NonKeyAttributes?.length ?? 0), 0);
    expect(total).toBeLessThanOrEqual(100); // DynamoDB's limit across all indexes of a table
  });

  it('gives every function its own role', () => {
    const roles = allFunctions.map((spec) =>
      targetOf(functionNamed(template, spec.name)[1].Properties!.Role),
    );
    expect(new Set(roles).size).toBe(allFunctions.length);
  });
});

describe('the cursor key (finding 1)', () => {
  it('is a generated secret only the paged routes may read, and they are told where it is', () => {
    // Prepare
    const [secretId] = resourcesOfType(template, 'AWS::SecretsManager::Secret')[0]!;

    // Act
    const readers = allFunctions.filter((spec) => {
      const [, fn] = functionNamed(template, spec.name);
      return statementsOfRole(template, targetOf(fn.Properties!.Role)!).some((s) =>
        s.Action.includes('secretsmanager:GetSecretValue'),
      );
    });

    // Assess
    expect(readers.map((spec) => spec.name).sort()).toEqual(['list-applications', 'list-inbox']);
    for (const spec of readers) {
      const [, fn] = functionNamed(template, spec.name);
      const statements = statementsOfRole(template, targetOf(fn.Properties!.Role)!).filter((s) =>
        s.Action.some((a) => a.startsWith('secretsmanager:')),
      );
      expect(statements).toEqual([
        { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [{ Ref: secretId }] },
      ]);
      const environment = (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(environment.CURSOR_KEY_SECRET_ARN).toEqual({ Ref: secretId });
    }
  });
});
