import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '#shared/errors';
import { at } from '#test/support/workflow';
import {
  lambdaContext,
  stepsQuery,
  storedApplication,
  storedEvent,
  storedStep,
  testNow,
  timelineQuery,
} from '#test/support/task-handlers';

vi.hoisted(() => {
  process.env.TABLE_NAME = 'table';
  process.env.AWS_REGION = 'cn-north-1';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});
const { handler } = await import('./close-application.ts');

const ddb = mockClient(DynamoDBDocumentClient);
beforeEach(() => {
  vi.useFakeTimers({ now: testNow, toFake: ['Date'] });
  ddb.on(QueryCommand, timelineQuery).resolves({ Items: [storedEvent()] });
  ddb.on(TransactWriteCommand).resolves({});
});
afterEach(() => {
  ddb.reset();
  vi.useRealTimers();
});

describe('close-application handler', () => {
  it('refuses the application and cancels its other open step in the same transaction', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({ Item: storedApplication({ status: 'in-review' }) });
    ddb.on(QueryCommand, stepsQuery).resolves({
      Items: [
        storedStep({
          stepId: 'review-construction-1',
          kind: 'review',
          permitType: 'construction',
          department: 'housing-construction',
          status: 'closed',
          closedAt: at('2025-03-05T09:00:00').toISOString(),
          decision: {
            outcome: 'refused',
            reason: '不符合规划条件',
            decidedBy: 'officer-1',
            decidedAt: at('2025-03-05T09:00:00').toISOString(),
          },
        }),
        storedStep({
          stepId: 'review-land-use-planning-1',
          kind: 'review',
          permitType: 'land-use-planning',
          department: 'natural-resources',
          budgetDays: 8,
        }),
      ],
    });

    // Act
    const result = await handler({ applicationId: 'app-1', outcome: 'refused' }, lambdaContext());

    // Assess
    expect(result).toMatchObject({ status: 'refused', cancelledSteps: ['review-land-use-planning-1'] });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems ?? [];
    const puts = items.map((item) => item.Put?.Item).filter((item) => item !== undefined);
    expect(puts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ itemType: 'application', status: 'refused' }),
        expect.objectContaining({
          itemType: 'step',
          stepId: 'review-land-use-planning-1',
          status: 'cancelled',
        }),
        expect.objectContaining({ itemType: 'event', type: 'application-refused' }),
        expect.objectContaining({ itemType: 'event', type: 'step-cancelled' }),
      ]),
    );
    // A cancelled step leaves the inbox index.
    const step = puts.find((item) => item.itemType === 'step');
    expect(step?.gsi2pk).toBeUndefined();
  });

  it('writes nothing when the application was closed this way already', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({ Item: storedApplication({ status: 'refused' }) });
    ddb.on(QueryCommand, stepsQuery).resolves({ Items: [] });

    // Act
    const result = await handler({ applicationId: 'app-1', outcome: 'refused' }, lambdaContext());

    // Assess
    expect(result).toMatchObject({ unchanged: true });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('rejects a failure that carries no error', async () => {
    // Act
    const act = handler({ applicationId: 'app-1', outcome: 'failed' }, lambdaContext());

    // Assess
    await expect(act).rejects.toBeInstanceOf(ValidationError);
    await expect(act).rejects.toMatchObject({ issues: [{ path: 'error' }] });
  });
});
