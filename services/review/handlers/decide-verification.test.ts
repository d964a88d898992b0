import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeTable, type FakeTable } from '#test/support/fake-table';
import { anApplication, aStep, principals, seed, testDeps } from '#test/support/fixtures';
import type { Principal } from '#shared/auth/principal';
import { apiEvent, invoke } from '#test/support/http';
import { createHandler } from './decide-verification.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
let table: FakeTable;
let deps: ReturnType<typeof testDeps>;
const issuedAt = '2025-03-10T08:00:00.000Z';

beforeEach(async () => {
  table = installFakeTable(ddb);
  sfn.on(SendTaskSuccessCommand).resolves({});
  deps = testDeps();
  await seed(
    deps,
    anApplication({
      track: 'standard-land',
      landAcquiredOn: '2025-02-27',
      status: 'under-verification',
      acceptedAt: '2025-03-03T02:00:00.000Z',
      issuedAt,
      commitment: {
        signedAt: '2025-03-03T01:00:00.000Z',
        signedBy: 'ent-user-1',
        indicators: { 'tax-per-mu-yuan': 1 },
      },
    }),
    [
      aStep({
        stepId: 'verification-1',
        kind: 'verification',
        department: 'natural-resources',
        openedAt: issuedAt,
        budgetDays: 30,
        taskToken: 'token-verification',
      }),
    ],
  );
  await seed(deps, anApplication({ applicationId: 'app-2' }), [aStep({ applicationId: 'app-2' })]);
  deps.setNow(new Date('2025-04-10T02:00:00.000Z'));
});
afterEach(() => {
  ddb.reset();
  sfn.reset();
});

function decide(body: unknown, principal: Principal = principals.planning, applicationId = 'app-1') {
  return invoke(
    createHandler(deps),
    apiEvent({
      method: 'POST',
      path: `/applications/${applicationId}/verification-decision`,
      pathParameters: { applicationId },
      principal,
      body,
    }),
  );
}
const callbacks = () => sfn.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input);

describe('decideVerification', () => {
  it('records a passed verification and tells the workflow "verified"', async () => {
    const response = await decide({ outcome: 'passed' });

    expect(response.statusCode).toBe(200);
    expect(response.body.step.decision).toMatchObject({ outcome: 'verified', decidedBy: 'officer-nr' });
    expect(callbacks()).toEqual([
      { taskToken: 'token-verification', output: JSON.stringify({ outcome: 'verified' }) },
    ]);
    expect(table.partition('APP#app-1').some((item) => item.type === 'verification-decided')).toBe(true);
  });

  it('records a failed verification with its reason and tells the workflow "verification-failed"', async () => {
    const response = await decide({ outcome: 'failed', reason: '亩均税收未达承诺' });

    expect(response.statusCode).toBe(200);
    expect(response.body.step.decision).toMatchObject({
      outcome: 'verification-failed',
      reason: '亩均税收未达承诺',
    });
    expect(callbacks()[0]?.output).toBe(JSON.stringify({ outcome: 'verification-failed' }));
  });

  it('requires a reason for a failure (400)', async () => {
    const response = await decide({ outcome: 'failed' });

    expect(response.statusCode).toBe(400);
    expect(response.body.error.issues).toEqual([{ path: 'reason', message: expect.any(String) }]);
  });

  it('refuses another department with 404 (it has no step there) and other roles with 403', async () => {
    expect((await decide({ outcome: 'passed' }, principals.housing)).statusCode).toBe(404);
    expect((await decide({ outcome: 'passed' }, principals.clerk)).statusCode).toBe(403);
    expect((await decide({ outcome: 'passed' }, principals.admin)).statusCode).toBe(403);
  });

  it('answers 409 when no verification is open, and to a second decision', async () => {
    const notDue = await decide(
      { outcome: 'passed' },
      { ...principals.planning, department: 'window' },
      'app-2',
    );
    await decide({ outcome: 'passed' });
    const second = await decide({ outcome: 'passed' });

    expect(notDue.statusCode).toBe(409);
    expect(notDue.body.error.code).toBe('STEP_NOT_OPEN');
    expect(second.statusCode).toBe(409);
  });
});
