import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
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
  process.env.SLA_EVENT_BUS_NAME = 'sla-bus';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});
const { handler } = await import('./sweep-deadlines.ts');

const version = loadOfficialCalendar().version;
const ddb = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);
beforeEach(() => {
  vi.useFakeTimers({ now: at('2025-03-14T10:00:00'), toFake: ['Date'] });
  // The calendar configuration: nothing loaded, every deadline already stamped with the bundled calendar.
  ddb.on(GetCommand).resolves({});
  ddb
    .on(GetCommand, { Key: { pk: 'CONFIG#calendar', sk: 'HEAD' } })
    .resolves({ Item: { pk: 'CONFIG#calendar', sk: 'HEAD', revision: 0, recomputedVersion: version } });
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
  eventBridge
    .on(PutEventsCommand)
    .resolves({ FailedEntryCount: 0, Entries: [{ EventId: '1' }, { EventId: '2' }] });
});
afterEach(() => {
  ddb.reset();
  eventBridge.reset();
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
  it('escalates an overdue step with one conditional write, then publishes StepOverdue and StepEscalated', async () => {
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
    const entries = eventBridge
      .commandCalls(PutEventsCommand)
      .flatMap((call) => call.args[0].input.Entries ?? []);
    expect(entries.map((entry) => [entry.Source, entry.DetailType, entry.EventBusName])).toEqual([
      ['one-window.sla', 'StepOverdue', 'sla-bus'],
      ['one-window.sla', 'StepEscalated', 'sla-bus'],
    ]);
    expect(JSON.parse(entries[1]!.Detail!)).toMatchObject({
      applicationId: 'app-1',
      stepId: 'review-construction-1',
      department: 'housing-construction',
      dueAt: at('2025-03-13T23:59:59.999').toISOString(),
    });
  });

  it('writes and publishes nothing for a step already red and escalated', async () => {
    // Prepare
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':ipk': 'OPEN#housing-construction' } }).resolves({
      Items: [{ ...overdue, slaStatus: 'red', escalatedAt: at('2025-03-14T09:45:00').toISOString() }],
    });

    // Act
    const result = await handler(undefined, lambdaContext('sweep-deadlines'));

    // Assess
    expect(result).toMatchObject({ examined: 1, escalated: [], warned: [] });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});
