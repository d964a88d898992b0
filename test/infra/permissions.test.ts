// Each function may do exactly what the route table says it does, on the table and the state machine; the state
// machine may invoke only its own task functions.
import { beforeAll, describe, expect, it } from 'vitest';
import { certificateKeyActions, documentGrants } from '#infra/constructs/documents';
import {
  idempotencyRecordActions,
  tableActions,
  taskCallbackActions,
} from '#infra/constructs/project-function';
import type { CfnTemplate } from '#infra/local/asl';
import { synthesizeApproval } from '#infra/local/synth';
import {
  type FunctionSpec,
  allFunctions,
  apiRoutes,
  notificationConsumer,
  workflowTasks,
} from '#infra/routes';
import { routeContracts } from '#services/openapi/document';
import { functionNamed, referencedIds, resourcesOfType, statementsOfRole, targetOf } from './template.ts';

let template: CfnTemplate;
beforeAll(() => {
  template = synthesizeApproval().json;
});

const tableId = () =>
  resourcesOfType(template, 'AWS::DynamoDB::Table').find(
    ([, t]) => t.Properties?.GlobalSecondaryIndexes !== undefined,
  )![0];
const idempotencyTableId = () =>
  resourcesOfType(template, 'AWS::DynamoDB::Table').find(
    ([, t]) => t.Properties?.TimeToLiveSpecification !== undefined,
  )![0];
const stateMachineId = () => resourcesOfType(template, 'AWS::StepFunctions::StateMachine')[0]![0];

/** The Allow statements of the function's role (the Deny statements of readWrite functions: see below). */
function statementsOf(spec: FunctionSpec) {
  return allStatementsOf(spec).filter((s) => s.Effect === 'Allow');
}

function allStatementsOf(spec: FunctionSpec) {
  const [, fn] = functionNamed(template, spec.name);
  return statementsOfRole(template, targetOf(fn.Properties!.Role)!);
}

function expectedActions(spec: FunctionSpec): string[] {
  const actions = [
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    'xray:PutTraceSegments',
    'xray:PutTelemetryRecords',
  ];
  if (spec.table !== 'none') actions.push(...tableActions[spec.table]);
  if (spec.taskCallbacks) actions.push(...taskCallbackActions);
  if (spec.startsExecution) actions.push('states:StartExecution');
  // Notifications: SES for e-mail, SNS for SMS, and reading its queue (the SQS event source's grant).
  if (spec === notificationConsumer) {
    actions.push(
      'ses:SendEmail',
      'sns:Publish',
      'sqs:ReceiveMessage',
      'sqs:ChangeMessageVisibility',
      'sqs:GetQueueUrl',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
    );
  }
  if ('idempotent' in spec && spec.idempotent === true) actions.push(...idempotencyRecordActions);
  for (const access of spec.documents ?? [])
    actions.push(...documentGrants[access].flatMap((g) => g.actions));
  if (spec.certificateKey) actions.push(...certificateKeyActions[spec.certificateKey]);
  // Paged routes read the cursor key; every route reads the origin-verification value (hardening.test.ts).
  if (('paged' in spec && spec.paged === true) || apiRoutes.some((route) => route.name === spec.name)) {
    actions.push('secretsmanager:GetSecretValue');
  }
  return [...new Set(actions)].sort();
}

describe('function permissions', () => {
  it.each(allFunctions.map((spec) => [spec.name, spec] as const))(
    '%s holds exactly the actions it uses',
    (_, spec) => {
      // Act
      const statements = allStatementsOf(spec);

      // Assess: allowed exactly these; the one denial (publishing SMS, never to a topic) is checked below.
      const allowed = statements.filter((s) => s.Effect === 'Allow');
      // The table's own denies (finding 3 of the security issue) are asserted exactly in hardening.test.ts.
      const denied = statements.filter(
        (s) => s.Effect !== 'Allow' && ![s.Action].flat().every((a) => String(a).startsWith('dynamodb:')),
      );
      expect(denied.flatMap((s) => s.Action)).toEqual(spec === notificationConsumer ? ['sns:Publish'] : []);
      expect([...new Set(allowed.flatMap((s) => s.Action))].sort()).toEqual(expectedActions(spec));
    },
  );

  it.each(allFunctions.filter((spec) => spec.table !== 'none').map((spec) => [spec.name, spec] as const))(
    '%s reaches the table, and its indexes by name, only',
    (_, spec) => {
      // Act
      const dynamo = statementsOf(spec).filter((s) => s.Action.some((a) => a.startsWith('dynamodb:')));

      // Assess
      const onTable = dynamo.filter(
        (s) => s.Resource.length === 1 && targetOf(s.Resource[0]) === tableId() && s.Condition === undefined,
      );
      expect(onTable).toHaveLength(1);
      expect(onTable[0]!.Action.sort()).toEqual([...tableActions[spec.table as 'read' | 'readWrite']].sort());
      const onIdempotencyRecords = dynamo.filter(
        (s) => s.Condition !== undefined && targetOf(s.Resource[0]) === idempotencyTableId(),
      );
      const onIndexes = dynamo.filter((s) => s !== onTable[0] && !onIdempotencyRecords.includes(s));
      expect(onIndexes).toHaveLength(1);
      expect(onIndexes[0]!.Action).toEqual(['dynamodb:Query']);
      expect(JSON.stringify(onIndexes[0]!.Resource)).toContain('/index/gsi1-by-enterprise');
      expect(JSON.stringify(onIndexes[0]!.Resource)).toContain('/index/gsi2-open-steps-by-due');
      expect(JSON.stringify(dynamo)).not.toContain('"*"');
    },
  );

  it('lets no function delete anything but idempotency records (IDEM# partitions), and only idempotent routes', () => {
    for (const spec of allFunctions) {
      // Act
      const deleting = statementsOf(spec).filter((s) => s.Action.includes('dynamodb:DeleteItem'));

      // Assess
      const idempotent = 'idempotent' in spec && spec.idempotent === true;
      expect(deleting, spec.name).toHaveLength(idempotent ? 1 : 0);
      for (const statement of deleting) {
        expect(statement.Action).toEqual([...idempotencyRecordActions]);
        expect(targetOf(statement.Resource[0])).toBe(idempotencyTableId());
        expect(statement.Condition).toEqual({
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['IDEM#*'] },
        });
      }
    }
  });

  it('marks exactly the routes whose handlers take an Idempotency-Key as idempotent', () => {
    // Act
    const declared = routeContracts()
      .filter((r) => r.idempotent === true)
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    const granted = apiRoutes
      .filter((r) => r.idempotent === true)
      .map((r) => `${r.method} ${r.path}`)
      .sort();

    // Assess: every route that changes something, and nothing else.
    expect(granted).toEqual(declared);
    expect(granted).toEqual(
      [
        'POST /applications',
        'POST /applications/{applicationId}/commitment',
        'POST /applications/{applicationId}/documents',
        'POST /applications/{applicationId}/documents/{documentId}/versions/{version}/confirm',
        'POST /applications/{applicationId}/intake-decision',
        'POST /applications/{applicationId}/steps/{stepId}/assignment',
        'POST /applications/{applicationId}/steps/{stepId}/decision',
        'POST /applications/{applicationId}/steps/{stepId}/exclusions',
        'POST /applications/{applicationId}/supplement',
        'POST /officers/me/absences',
        'POST /applications/{applicationId}/supervision-orders',
        'POST /applications/{applicationId}/supervision-orders/{orderId}/answer',
        'POST /steps/bulk-assignment',
        'POST /applications/{applicationId}/verification-decision',
        'POST /projects',
        'POST /projects/{projectId}/progress',
        'PUT /projects/{projectId}/people',
        'POST /projects/{projectId}/tickets',
        'POST /projects/{projectId}/tickets/{ticketId}/action',
        'POST /notifications/{notificationId}/read',
        'PUT /notifications/preferences',
        'POST /applications/{applicationId}/ratings',
        'POST /admin/rating-follow-ups/{applicationId}/handle',
      ].sort(),
    );
  });

  it('lets readers read and nothing more', () => {
    // Act
    const readers = allFunctions.filter((spec) => spec.table === 'read');

    // Assess
    expect(readers.length).toBeGreaterThan(0);
    for (const spec of readers) {
      const actions = statementsOf(spec).flatMap((s) => s.Action);
      expect(actions).not.toContain('dynamodb:PutItem');
      expect(actions).not.toContain('dynamodb:UpdateItem');
      expect(actions.some((a) => a.startsWith('states:'))).toBe(false);
    }
  });

  it('scopes state machine calls to the approval state machine', () => {
    for (const spec of allFunctions.filter((s) => s.taskCallbacks || s.startsExecution)) {
      // Act
      const states = statementsOf(spec).filter((s) => s.Action.some((a) => a.startsWith('states:')));

      // Assess
      for (const statement of states) {
        for (const resource of statement.Resource) {
          expect(JSON.stringify(resource)).toContain(`"Ref":"${stateMachineId()}"`);
        }
      }
    }
  });

  it('gives no function a managed policy', () => {
    // CDK's BucketDeployment (deploy-time only, edge.ts) is CDK's own function, not one of the platform's.
    for (const [id, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
      if (id.startsWith('CustomCDKBucketDeployment')) continue;
      expect(role.Properties?.ManagedPolicyArns ?? []).toEqual([]);
    }
  });
});

describe('state machine permissions', () => {
  it('invokes the four workflow tasks and no other function', () => {
    // Prepare
    const [, machine] = resourcesOfType(template, 'AWS::StepFunctions::StateMachine')[0]!;

    // Act
    const statements = statementsOfRole(template, targetOf(machine.Properties!.RoleArn)!);

    // Assess
    const invoked = statements
      .filter((s) => s.Action.includes('lambda:InvokeFunction'))
      .flatMap((s) => referencedIds(s.Resource));
    const taskFunctions = Object.values(workflowTasks).map((spec) => functionNamed(template, spec.name)[0]);
    expect([...new Set(invoked)].sort()).toEqual(taskFunctions.sort());
  });
});
