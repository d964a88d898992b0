// Intake against DynamoDB Local: filing (with its idempotent replay), the workflow core opening steps, the
// window's decision and the enterprise's answer, and who may see what along the way.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { principals, submission, testDeps } from '#test/support/fixtures';
import { openHumanStep } from '#services/workflow/core/open-human-step';
import { NotFound } from '#shared/errors';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { decideIntake } from './decide-intake.ts';
import { getApplication } from '#services/application/core/get-application';
import { resubmitSupplement } from './resubmit-supplement.ts';
import { submitApplication } from './submit-application.ts';

let table: TestTable;
let deps: ReturnType<typeof testDeps>;
let started: string[];
let delivered: { taskToken: string; output: unknown }[];

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});
afterAll(async () => {
  await table?.drop();
});

beforeEach(() => {
  started = [];
  delivered = [];
  deps = testDeps({
    tableName: table.tableName,
    documentClient: table.client,
    newId: () => crypto.randomUUID(),
    workflow: {
      async startExecution(applicationId) {
        started.push(applicationId);
        return { executionArn: `arn:aws:states:local:0:execution:approval:${applicationId}` };
      },
    },
    taskCallbacks: {
      sendTaskSuccess: (taskToken, output) => void delivered.push({ taskToken, output }),
      sendTaskFailure: () => undefined,
    },
  });
});

const open = (applicationId: string, taskToken: string, step: Parameters<typeof openHumanStep>[1]['step']) =>
  openHumanStep(deps, { applicationId, taskToken, step });

describe('submitApplication', () => {
  it('stores the application with its event and starts the workflow named after it', async () => {
    // Act
    const first = await submitApplication(deps, {
      principal: principals.enterprise,
      body: submission(),
      idempotencyKey: `key-${crypto.randomUUID()}`,
    });

    // Assess
    const stored = await deps.repository.getApplication(first.application.applicationId);
    expect(stored).toEqual(first.application);
    expect(stored).toMatchObject({ status: 'submitted', version: 2, executionArn: expect.any(String) });
    expect(started).toEqual([stored.applicationId]);
    const timeline = await deps.repository.getTimeline(stored.applicationId);
    expect(timeline.map((event) => event.type)).toEqual(['application-submitted', 'workflow-started']);
  });

  it('answers a replay of the same key with the first application and starts nothing more', async () => {
    const idempotencyKey = `key-${crypto.randomUUID()}`;
    const request = { principal: principals.enterprise, body: submission(), idempotencyKey };
    const first = await submitApplication(deps, request);

    const replay = await submitApplication(deps, request);

    expect(replay).toEqual({ application: first.application, replayed: true });
    expect(started).toHaveLength(1);
  });
});

describe('intake decisions', () => {
  it('accepts an application whose intake step the workflow opened; a second decision is a conflict', async () => {
    // Prepare
    const { application } = await submitApplication(deps, {
      principal: principals.enterprise,
      body: submission(),
    });
    const { applicationId } = application;
    await open(applicationId, 'token-intake', { kind: 'intake', department: 'window' });

    // Act
    const decided = await decideIntake(deps, {
      principal: principals.clerk,
      applicationId,
      body: { outcome: 'accept' },
    });

    // Assess
    expect(decided.application).toMatchObject({ status: 'accepted', acceptedAt: '2025-03-03T01:00:00.000Z' });
    expect(decided.step).toMatchObject({ stepId: 'intake-1', status: 'closed' });
    expect(delivered).toEqual([{ taskToken: 'token-intake', output: { outcome: 'accepted' } }]);
    await expect(
      decideIntake(deps, { principal: principals.clerk, applicationId, body: { outcome: 'accept' } }),
    ).rejects.toMatchObject({ status: 409, code: 'STEP_NOT_OPEN' });
    const detail = await getApplication(deps, { principal: principals.enterprise, applicationId });
    expect(detail.deadlines.application).toMatchObject({ budgetDays: 15, usedDays: 0, status: 'on-track' });
  });

  it('runs a supplement round: request, the enterprise answers, the clock pause closes', async () => {
    // Prepare
    const { application } = await submitApplication(deps, {
      principal: principals.enterprise,
      body: submission(),
    });
    const { applicationId } = application;
    await open(applicationId, 'token-intake-1', { kind: 'intake', department: 'window' });
    await decideIntake(deps, {
      principal: principals.clerk,
      applicationId,
      body: { outcome: 'request-supplement', missingItems: ['营业执照副本'] },
    });
    await open(applicationId, 'token-supplement-1', { kind: 'enterprise-supplement', department: 'window' });
    deps.setNow(new Date('2025-03-04T02:00:00.000Z'));

    // Act
    const answered = await resubmitSupplement(deps, {
      principal: principals.agency,
      applicationId,
      body: {
        documents: [
          {
            documentId: 'doc-9',
            kind: 'business-licence',
            name: '营业执照.pdf',
            sizeBytes: 10,
            sha256: 'd'.repeat(64),
          },
        ],
      },
    });

    // Assess
    expect(answered.step).toMatchObject({
      stepId: 'enterprise-supplement-1',
      decision: { outcome: 'resubmitted', onBehalfOf: 'ent-1' },
    });
    expect(answered.application.documents.map((d) => d.documentId)).toEqual(['doc-1', 'doc-9']);
    expect(delivered.map((d) => d.output)).toEqual([
      { outcome: 'supplement-requested' },
      { outcome: 'resubmitted' },
    ]);
    const timeline = await deps.repository.getTimeline(applicationId);
    expect(timeline.find((event) => event.type === 'supplement-resubmitted')).toMatchObject({
      actor: { userId: 'agent-1', role: 'agency-officer' },
      onBehalfOf: 'ent-1',
    });
  });
});

describe('access along the way', () => {
  it('hides an application from other enterprises, and from a department until it has a step there', async () => {
    // Prepare
    const { application } = await submitApplication(deps, {
      principal: principals.enterprise,
      body: submission(),
    });
    const { applicationId } = application;
    const read = (principal: (typeof principals)[keyof typeof principals]) =>
      getApplication(deps, { principal, applicationId });

    // Act + Assess
    await expect(read(principals.otherEnterprise)).rejects.toBeInstanceOf(NotFound);
    await expect(read(principals.planning)).rejects.toBeInstanceOf(NotFound);
    await expect(read(principals.clerk)).resolves.toBeDefined();
    await expect(read(principals.agency)).resolves.toBeDefined();

    await open(applicationId, 'token-intake', { kind: 'intake', department: 'window' });
    await decideIntake(deps, { principal: principals.clerk, applicationId, body: { outcome: 'accept' } });
    await open(applicationId, 'token-review', {
      kind: 'review',
      department: 'natural-resources',
      permitType: 'land-use-planning',
    });

    await expect(read(principals.planning)).resolves.toMatchObject({ application: { status: 'in-review' } });
    await expect(read(principals.housing)).rejects.toBeInstanceOf(NotFound);
  });
});
