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
const { handler } = await import('./issue-permits.ts');

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

const approvedReview = (permitType: 'land-use-planning' | 'construction') =>
  storedStep({
    stepId: `review-${permitType}-1`,
    kind: 'review',
    permitType,
    department: 'natural-resources',
    status: 'closed',
    closedAt: at('2025-03-05T09:00:00').toISOString(),
    decision: {
      outcome: 'approved',
      decidedBy: 'officer-1',
      decidedAt: at('2025-03-05T09:00:00').toISOString(),
    },
  });

describe('issue-permits handler', () => {
  it('issues all permits in one transaction: application, event and counter', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({
      Item: storedApplication({ status: 'in-review', acceptedAt: at('2025-03-03T10:00:00').toISOString() }),
    });
    ddb.on(QueryCommand, stepsQuery).resolves({
      Items: [approvedReview('land-use-planning'), approvedReview('construction')],
    });

    // Act
    const output = await handler({ applicationId: 'app-1' }, lambdaContext());

    // Assess
    expect(output).toEqual({ outcome: 'issued', needsVerification: false });
    const writes = ddb.commandCalls(TransactWriteCommand);
    expect(writes).toHaveLength(1);
    const items = writes[0]!.args[0].input.TransactItems ?? [];
    // The application, its event, the public notice (公示) of each permit in both of its partitions, the counter.
    expect(items).toHaveLength(7);
    expect(items[0]?.Put?.Item).toMatchObject({ status: 'issued', issuedAt: testNow.toISOString() });
    expect(items[1]?.Put?.Item).toMatchObject({ type: 'permits-issued' });
    const notices = items.slice(2, 6).map((item) => item.Put);
    expect(notices.map((put) => put?.Item?.pk)).toEqual([
      'NOTICE#all',
      'NOTICE#dept#natural-resources',
      'NOTICE#all',
      'NOTICE#dept#housing-construction',
    ]);
    for (const put of notices) {
      expect(put?.Item).toMatchObject({ itemType: 'notice', kind: 'issued' });
      expect(put?.ConditionExpression).toBe('attribute_not_exists(#pk)');
    }
    expect(items[6]?.Update?.Key).toEqual({ pk: 'COUNTER#2025-03', sk: 'applications:regular' });
  });

  it('answers a replay from the stored permits without writing', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({
      Item: storedApplication({
        status: 'issued',
        issuedAt: at('2025-03-04T10:00:00').toISOString(),
        permits: [
          {
            permitType: 'construction',
            certificateNo: 'SGXK-2025-ABCDEF012345',
            issuedAt: at('2025-03-04T10:00:00').toISOString(),
            basis: 'review',
          },
        ],
      }),
    });
    ddb.on(QueryCommand, stepsQuery).resolves({ Items: [] });

    // Act
    const output = await handler({ applicationId: 'app-1' }, lambdaContext());

    // Assess
    expect(output).toEqual({ outcome: 'issued', needsVerification: false });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers gaps-open, as the contract words it, while tolerated gaps are owed', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({
      Item: storedApplication({
        status: 'in-review',
        toleratedGaps: [{ documentKind: 'energy-report', dueOn: '2025-03-14' }],
      }),
    });
    ddb.on(QueryCommand, stepsQuery).resolves({ Items: [] });

    // Act
    const output = await handler({ applicationId: 'app-1' }, lambdaContext());

    // Assess
    expect(output).toEqual({ outcome: 'gaps-open' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('rejects an input with unknown fields', async () => {
    // Act
    const act = handler({ applicationId: 'app-1', force: true }, lambdaContext());

    // Assess
    await expect(act).rejects.toBeInstanceOf(ValidationError);
    expect(ddb.calls()).toHaveLength(0);
  });
});
