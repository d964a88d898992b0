import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '#shared/errors';
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
const { handler } = await import('./open-human-step.ts');

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
beforeEach(() => {
  vi.useFakeTimers({ now: testNow, toFake: ['Date'] });
  ddb.on(GetCommand).resolves({ Item: storedApplication() });
  ddb.on(QueryCommand, timelineQuery).resolves({ Items: [storedEvent()] });
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
});
afterEach(() => {
  ddb.reset();
  sfn.reset();
  vi.useRealTimers();
});

const input = (taskToken = 'token-new') => ({
  applicationId: 'app-1',
  taskToken,
  step: { kind: 'intake', department: 'window' },
});

describe('open-human-step handler', () => {
  it('records the step, the application status and the event in one transaction, and returns nothing', async () => {
    // Prepare
    ddb.on(QueryCommand, stepsQuery).resolves({ Items: [] });

    // Act
    const result = await handler(input(), lambdaContext());

    // Assess
    expect(result).toBeUndefined();
    const writes = ddb.commandCalls(TransactWriteCommand);
    expect(writes).toHaveLength(1);
    const items = writes[0]!.args[0].input.TransactItems ?? [];
    expect(items.map((item) => item.Put?.Item?.itemType)).toEqual(['step', 'application', 'event']);
    expect(items[0]?.Put?.Item).toMatchObject({
      sk: 'STEP#intake-1',
      taskToken: 'token-new',
      gsi2pk: 'OPEN#window',
      status: 'open',
    });
    expect(items[1]?.Put).toMatchObject({ ExpressionAttributeValues: { ':expected': 1 } });
    expect(items[2]?.Put?.Item).toMatchObject({ type: 'step-opened', stepId: 'intake-1' });
  });

  it('only swaps the token in when the task is retried for a step already open', async () => {
    // Prepare
    ddb
      .on(QueryCommand, stepsQuery)
      .resolves({ Items: [storedStep({ stepId: 'intake-1', kind: 'intake' })] });

    // Act
    await handler(input('token-retry'), lambdaContext());

    // Assess
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    const updates = ddb.commandCalls(UpdateCommand);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.args[0].input).toMatchObject({
      Key: { pk: 'APP#app-1', sk: 'STEP#intake-1' },
      ExpressionAttributeValues: { ':token': 'token-retry', ':expected': 1, ':next': 2 },
    });
  });

  it('rejects an input without a task token before touching the table', async () => {
    // Act
    const act = handler(
      { applicationId: 'app-1', step: { kind: 'intake', department: 'window' } },
      lambdaContext(),
    );

    // Assess
    await expect(act).rejects.toBeInstanceOf(ValidationError);
    await expect(act).rejects.toMatchObject({ issues: [{ path: 'taskToken' }] });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('rejects a review step that names no permit', async () => {
    // Act
    const act = handler(
      { applicationId: 'app-1', taskToken: 't', step: { kind: 'review', department: 'natural-resources' } },
      lambdaContext(),
    );

    // Assess
    await expect(act).rejects.toMatchObject({ issues: [{ path: 'step.permitType' }] });
  });
});
