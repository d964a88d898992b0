import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { at } from '#services/workflow/test-helpers';
import { lambdaContext, storedStep } from '#services/workflow/handlers/testing';

vi.hoisted(() => {
  process.env.TABLE_NAME = 'table';
  process.env.AWS_REGION = 'cn-north-1';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});
const { handler } = await import('./sweep-deadlines.ts');

const ddb = mockClient(DynamoDBDocumentClient);
beforeEach(() => {
  vi.useFakeTimers({ now: at('2025-03-14T10:00:00'), toFake: ['Date'] });
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
});
afterEach(() => {
  ddb.reset();
  vi.useRealTimers();
});

const overdue = storedStep({
  stepId: 'review-construction-1',
  kind: 'review',
  permitType: 'construction',
  department: 'housing-construction',
  openedAt: at('2025-03-03T10:00:00').toISOString(),
  budgetDays: 8,
  dueAt: at('2025-03-13T23:59:59.999').toISOString(),
  slaStatus: 'yellow',
  version: 3,
});

describe('sweep-deadlines handler', () => {
  it('escalates an overdue step with one conditional write', async () => {
    // Prepare
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':ipk': 'OPEN#housing-construction' } })
      .resolves({ Items: [overdue] });

    // Act
    const result = await handler({}, lambdaContext('sweep-deadlines'));

    // Assess
    expect(result).toMatchObject({ escalated: ['app-1/review-construction-1'], warned: [] });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems ?? [];
    expect(items[0]?.Put).toMatchObject({
      ExpressionAttributeValues: { ':expected': 3 },
      Item: { slaStatus: 'red', escalatedAt: at('2025-03-14T10:00:00').toISOString() },
    });
    expect(items[1]?.Put?.Item).toMatchObject({ type: 'step-escalated', stepId: 'review-construction-1' });
  });

  it('writes nothing for a step already marked red', async () => {
    // Prepare
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':ipk': 'OPEN#housing-construction' } })
      .resolves({ Items: [{ ...overdue, slaStatus: 'red' }] });

    // Act
    const result = await handler(undefined, lambdaContext('sweep-deadlines'));

    // Assess
    expect(result).toMatchObject({ examined: 1, escalated: [], warned: [] });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
