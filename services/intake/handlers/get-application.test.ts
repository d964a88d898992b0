import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeTable } from '#test/support/fake-table';
import { anApplication, aStep, principals, seed, testDeps } from '#test/support/fixtures';
import type { Principal } from '#shared/auth/principal';
import { apiEvent, invoke } from '#test/support/http';
import { createHandler } from './get-application.ts';

const ddb = mockClient(DynamoDBDocumentClient);
let deps: ReturnType<typeof testDeps>;

beforeEach(async () => {
  installFakeTable(ddb);
  deps = testDeps();
  // Accepted Monday 3 March 2025 09:00 (Shanghai); the planning review opened then, paused for a supplement
  // from Wednesday 5 March 10:00 and still paused.
  await seed(
    deps,
    anApplication({
      status: 'in-review',
      acceptedAt: '2025-03-03T01:00:00.000Z',
      executionArn: 'arn:aws:states:ap-east-1:123456789012:execution:approval:app-1',
    }),
    [
      aStep({ status: 'closed', closedAt: '2025-03-03T01:00:00.000Z' }),
      aStep({
        stepId: 'review-land-use-planning-1',
        kind: 'review',
        department: 'natural-resources',
        permitType: 'land-use-planning',
        budgetDays: 8,
        taskToken: 'secret-token-review',
        pauses: [{ from: '2025-03-05T02:00:00.000Z', reason: 'supplement' }],
      }),
    ],
  );
  deps.setNow(new Date('2025-03-10T02:00:00.000Z')); // Monday 10 March
});
afterEach(() => ddb.reset());

function get(principal: Principal, applicationId = 'app-1') {
  return invoke(
    createHandler(deps),
    apiEvent({
      method: 'GET',
      path: `/applications/${applicationId}`,
      principal,
      pathParameters: { applicationId },
    }),
  );
}

describe('getApplication', () => {
  it('returns the application, its steps, its timeline and its deadlines', async () => {
    // Act
    const response = await get(principals.enterprise);

    // Assess
    expect(response.statusCode).toBe(200);
    const { application, steps, timeline, deadlines } = response.body;
    expect(application).toMatchObject({ applicationId: 'app-1', status: 'in-review' });
    expect(steps.map((s: { stepId: string }) => s.stepId)).toEqual([
      'intake-1',
      'review-land-use-planning-1',
    ]);
    expect(timeline.map((e: { type: string }) => e.type)).toEqual([
      'application-submitted',
      'step-opened',
      'step-opened',
    ]);
    // The review used Tue 4 and Wed 5 (the day of the request counts), then stopped: 2 of 8 days.
    const review = deadlines.steps.find((s: { stepId: string }) => s.stepId === 'review-land-use-planning-1');
    expect(review.clock).toMatchObject({ budgetDays: 8, usedDays: 2, paused: true, status: 'on-track' });
    expect(review.clock.pausedIntervals).toEqual([
      { from: '2025-03-05T02:00:00.000Z', reasons: ['supplement'], workingDays: 3 },
    ]);
  });

  it('never returns task tokens or the execution ARN', async () => {
    const response = await get(principals.admin);

    expect(response.statusCode).toBe(200);
    expect(response.rawBody).not.toContain('secret-token-review');
    expect(response.rawBody).not.toContain('token-intake-1');
    expect(response.rawBody).not.toContain('executionArn');
  });

  it('lets the agency officer, the window, the departments with a step and administrators read it', async () => {
    for (const principal of [principals.agency, principals.clerk, principals.planning, principals.admin]) {
      expect((await get(principal)).statusCode).toBe(200);
    }
  });

  it('answers 404 alike for an unknown application and for one the caller may not see', async () => {
    const unknown = await get(principals.enterprise, 'app-404');
    const foreign = await get(principals.otherEnterprise);
    const otherDepartment = await get(principals.housing);

    for (const response of [unknown, foreign, otherDepartment]) {
      expect(response.statusCode).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    }
    expect(foreign.body.error.message).toBe(unknown.body.error.message.replace('app-404', 'app-1'));
  });

  it('rejects a malformed application id with 400', async () => {
    const response = await get(principals.enterprise, 'app#1');
    expect(response.statusCode).toBe(400);
    expect(response.body.error.issues[0].path).toBe('params.applicationId');
  });
});
