// One interleaving of two decisions on one step, forced step by step: the winner records its decision; before
// its SendTaskSuccess reaches the service, the loser (409) sends the recorded decision again (the redelivery
// that heals lost callbacks), and that one arrives first. The winner then meets TaskTimedOut, which also means
// "the step expired": it must not void a decision that did reach the workflow.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { anApplication, aStep, fixedNow, principals, seed } from '#test/support/fixtures';
import { createHandler } from '#services/review/handlers/decide-step';
import { apiEvent, invoke, lambdaContext, type ApiResult } from '#test/support/http';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { concurrencyDeps, fakeStepFunctions } from './support.ts';

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});
afterAll(async () => {
  await table?.drop();
});

describe('a decision whose callback is overtaken by a duplicate redelivery', () => {
  it('stands: the winner answers 200, the step stays closed with its decision, nothing is voided', async () => {
    // Prepare
    const sfn = fakeStepFunctions();
    const deps = concurrencyDeps(table, sfn);
    const applicationId = `app-${randomUUID()}`;
    const stepId = 'review-construction-1';
    const taskToken = `token-${randomUUID()}`;
    await seed(
      deps,
      anApplication({ applicationId, status: 'in-review', acceptedAt: fixedNow.toISOString() }),
      [
        aStep({
          applicationId,
          stepId,
          taskToken,
          kind: 'review',
          department: 'housing-construction',
          permitType: 'construction',
          budgetDays: 8,
        }),
      ],
    );
    const handler = createHandler(deps);
    const decide = () =>
      invoke(
        handler,
        apiEvent({
          method: 'POST',
          path: `/applications/${applicationId}/steps/${stepId}/decision`,
          pathParameters: { applicationId, stepId },
          principal: principals.housing,
          body: { outcome: 'approve' },
        }),
        lambdaContext({ awsRequestId: randomUUID() }),
      );
    // The winner's callback is held until the duplicate has sent its own (or finished without one).
    let duplicate: Promise<ApiResult> | undefined;
    let duplicateSent!: () => void;
    const duplicateCalled = new Promise<void>((resolve) => (duplicateSent = resolve));
    sfn.beforeAnswer = async ({ n }) => {
      if (n === 0) {
        duplicate = decide();
        await Promise.race([duplicateCalled, duplicate]);
      } else {
        duplicateSent();
      }
    };

    // Act
    const winner = await decide();
    const loser = await duplicate!;

    // Assess
    expect(winner.statusCode).toBe(200);
    expect(loser.statusCode).toBe(409);
    expect(loser.body.error.code).toBe('STEP_NOT_OPEN');
    const step = await deps.repository.getStep(applicationId, stepId);
    expect(step).toMatchObject({ status: 'closed', decision: { outcome: 'approved' } });
    const timeline = await deps.repository.getTimeline(applicationId);
    expect(timeline.map((event) => event.type)).not.toContain('step-cancelled');
    expect(timeline.filter((event) => event.type === 'step-decided')).toHaveLength(1);
    expect(sfn.accepted(taskToken)).toEqual([{ taskToken, output: { outcome: 'approved' } }]);
  });
});
