import { SendTaskSuccessCommand, SFNClient, TaskTimedOut } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeTable, type FakeTable } from '#test/support/fake-table';
import { anApplication, aStep, principals, seed, testDeps } from '#test/support/fixtures';
import type { Principal } from '#shared/auth/principal';
import { apiEvent, invoke } from '#test/support/http';
import { createHandler } from './decide-step.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
let table: FakeTable;
let deps: ReturnType<typeof testDeps>;

const review = aStep({
  stepId: 'review-land-use-planning-1',
  kind: 'review',
  department: 'natural-resources',
  permitType: 'land-use-planning',
  budgetDays: 8,
  taskToken: 'token-review',
});
const housingReview = aStep({
  stepId: 'review-construction-1',
  kind: 'review',
  department: 'housing-construction',
  permitType: 'construction',
  budgetDays: 8,
  taskToken: 'token-housing',
});

beforeEach(async () => {
  table = installFakeTable(ddb);
  sfn.on(SendTaskSuccessCommand).resolves({});
  deps = testDeps();
  await seed(deps, anApplication({ status: 'in-review', acceptedAt: '2025-03-03T01:00:00.000Z' }), [
    aStep({ status: 'closed', closedAt: '2025-03-03T01:00:00.000Z' }),
    review,
    housingReview,
  ]);
  await seed(deps, anApplication({ applicationId: 'app-2', enterpriseId: 'ent-2' }), [
    aStep({
      applicationId: 'app-2',
      stepId: 'review-construction-1',
      kind: 'review',
      department: 'housing-construction',
      permitType: 'construction',
      budgetDays: 8,
    }),
  ]);
  deps.setNow(new Date('2025-03-05T02:00:00.000Z'));
});
afterEach(() => {
  ddb.reset();
  sfn.reset();
});

function decide(
  body: unknown,
  principal: Principal = principals.planning,
  { applicationId = 'app-1', stepId = review.stepId } = {},
) {
  return invoke(
    createHandler(deps),
    apiEvent({
      method: 'POST',
      path: `/applications/${applicationId}/steps/${stepId}/decision`,
      pathParameters: { applicationId, stepId },
      principal,
      body,
    }),
  );
}
const stored = (key: string) => table.items.get(`APP#app-1|${key}`);
const callbacks = () => sfn.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input);

describe('decideStep', () => {
  it('approves: the step closes with its SLA result and the workflow hears "approved"', async () => {
    const response = await decide({ outcome: 'approve' });

    expect(response.statusCode).toBe(200);
    expect(response.body.step).toMatchObject({
      status: 'closed',
      decision: { outcome: 'approved', decidedBy: 'officer-nr' },
      slaStatus: 'green',
    });
    expect(callbacks()).toEqual([
      { taskToken: 'token-review', output: JSON.stringify({ outcome: 'approved' }) },
    ]);
    // Closed steps leave the department's inbox in the same write.
    expect(stored(`STEP#${review.stepId}`)?.gsi2pk).toBeUndefined();
  });

  it('rejects with a reason, which the workflow hears as "refused"', async () => {
    const response = await decide({ outcome: 'reject', reason: '规划条件不符' });

    expect(response.statusCode).toBe(200);
    expect(response.body.step.decision).toMatchObject({ outcome: 'refused', reason: '规划条件不符' });
    expect(callbacks()[0]?.output).toBe(JSON.stringify({ outcome: 'refused' }));
  });

  it('requests supplements with the complete list', async () => {
    const response = await decide({ outcome: 'request-supplement', missingItems: ['建设工程设计方案'] });

    expect(response.statusCode).toBe(200);
    expect(callbacks()[0]?.output).toBe(JSON.stringify({ outcome: 'supplement-requested' }));
  });

  it('rejects a supplement request without missingItems and a rejection without reason (400)', async () => {
    const supplement = await decide({ outcome: 'request-supplement' });
    const rejection = await decide({ outcome: 'reject' });
    const unknown = await decide({ outcome: 'approve', exclusion: { reason: 'hearing' } });

    expect(supplement.body.error.issues).toEqual([{ path: 'missingItems', message: expect.any(String) }]);
    expect(rejection.body.error.issues).toEqual([{ path: 'reason', message: expect.any(String) }]);
    expect(unknown.body.error.issues).toEqual([{ path: 'exclusion', message: 'unknown field' }]);
    expect(callbacks()).toEqual([]);
  });

  it("refuses another department's step with 403, and roles that never review with 403", async () => {
    expect((await decide({ outcome: 'approve' }, principals.housing)).statusCode).toBe(403);
    for (const principal of [principals.clerk, principals.enterprise, principals.admin]) {
      expect((await decide({ outcome: 'approve' }, principal)).statusCode).toBe(403);
    }
    expect(stored(`STEP#${review.stepId}`)).toMatchObject({ status: 'open' });
  });

  it('answers 404 for an application without a step of the department, and for an unknown step', async () => {
    const foreign = await decide({ outcome: 'approve' }, principals.planning, {
      applicationId: 'app-2',
      stepId: 'review-construction-1',
    });
    const unknownStep = await decide({ outcome: 'approve' }, principals.planning, { stepId: 'review-x-1' });

    expect(foreign.statusCode).toBe(404);
    expect(unknownStep.statusCode).toBe(404);
  });

  it('answers 409 to a second decision and to a step that is no review', async () => {
    await decide({ outcome: 'approve' });

    const second = await decide({ outcome: 'reject', reason: '改变主意' });
    const intake = await decide({ outcome: 'approve' }, principals.clerk, { stepId: 'intake-1' });

    expect(second.statusCode).toBe(409);
    expect(second.body.error.code).toBe('STEP_NOT_OPEN');
    expect(intake.statusCode).toBe(403);
  });

  it('answers 410 when the step expired', async () => {
    sfn.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));

    const response = await decide({ outcome: 'approve' });

    expect(response.statusCode).toBe(410);
    expect(stored(`STEP#${review.stepId}`)).toMatchObject({ status: 'cancelled' });
  });
});
