import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadOfficialCalendar } from '#shared/calendar/index';
import { at } from '#test/support/workflow';
import { lambdaContext, storedStep } from '#test/support/task-handlers';

vi.hoisted(() => {
  process.env.TABLE_NAME = 'table';
  process.env.AWS_REGION = 'cn-north-1';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});
const { handler } = await import('./sweep-deadlines.ts');

const version = loadOfficialCalendar().version;
const ddb = mockClient(DynamoDBDocumentClient);
beforeEach(() => {
  vi.useFakeTimers({ now: at('2025-03-14T10:00:00'), toFake: ['Date'] });
  // The calendar configuration: nothing loaded, every deadline already stamped with the bundled calendar.
  ddb.on(GetCommand).resolves({});
  ddb
    .on(GetCommand, { Key: { pk: 'CONFIG#calendar', sk: 'HEAD' } })
    .resolves({ Item: { pk: 'CONFIG#calendar', sk: 'HEAD', revision: 0, recomputedVersion: version } });
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
  calendarVersion: version,
  slaStatus: 'yellow',
  version: 3,
});

describe('sweep-deadlines handler', () => {
  it('escalates an overdue step with one conditional write that carries its outbox event', async () => {
    // Prepare: the index holds the step without its task token (its projection); the item itself has it.
    const { taskToken, ...indexCopy } = overdue;
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':ipk': 'OPEN#housing-construction' } })
      .resolves({ Items: [indexCopy] });
    ddb
      .on(GetCommand, { Key: { pk: 'APP#app-1', sk: 'STEP#review-construction-1' } })
      .resolves({ Item: overdue });

    // Act
    const result = await handler({}, lambdaContext('sweep-deadlines'));

    // Assess
    expect(taskToken).toEqual(expect.any(String));
    expect(result).toMatchObject({ escalated: ['app-1/review-construction-1'], warned: [] });
    const writes = ddb
      .commandCalls(TransactWriteCommand)
      .map((call) => call.args[0].input.TransactItems ?? []);
    expect(writes).toHaveLength(1);
    expect(writes[0]![0]?.Put).toMatchObject({
      ExpressionAttributeValues: { ':expected': 3 },
      Item: {
        taskToken,
        slaStatus: 'red',
        escalatedAt: at('2025-03-14T10:00:00').toISOString(),
        // 督办 board: the escalated open step is listed under BOARD#escalations.
        gsi1pk: 'BOARD#escalations',
        gsi1sk: `${at('2025-03-14T10:00:00').toISOString()}#app-1#review-construction-1`,
      },
    });
    expect(writes[0]![1]?.Put?.Item).toMatchObject({
      type: 'step-escalated',
      stepId: 'review-construction-1',
    });
    // The outbox event (the bus gets it from the table's stream) says what consumers need.
    expect(writes[0]![1]?.Put?.Item).toMatchObject({
      itemType: 'event',
      applicationId: 'app-1',
      detail: {
        department: 'housing-construction',
        dueAt: at('2025-03-13T23:59:59.999').toISOString(),
        slaStatus: 'red',
        overdue: true,
        escalated: true,
      },
    });
  });

  it('writes nothing for a step already red and escalated', async () => {
    // Prepare
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':ipk': 'OPEN#housing-construction' } }).resolves({
      Items: [{ ...overdue, slaStatus: 'red', escalatedAt: at('2025-03-14T09:45:00').toISOString() }],
    });

    // Act
    const result = await handler(undefined, lambdaContext('sweep-deadlines'));

    // Assess
    expect(result).toMatchObject({ examined: 1, escalated: [], warned: [] });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
