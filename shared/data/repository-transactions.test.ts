// How commit maps DynamoDB's transaction cancellations, including the ones DynamoDB Local never produces
// (it serialises transactions, so a TransactionConflict cannot be provoked there).
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from './client.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Application, AuditEvent } from '#shared/model';
import { DynamoDbRepository } from './repository.ts';

const documentClient = mockClient(DynamoDBDocumentClient);
afterEach(() => documentClient.reset());

const repo = new DynamoDbRepository({
  client: createDocumentClient({ endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }),
  tableName: 'table',
});

const application: Application = {
  applicationId: 'app-1',
  enterpriseId: 'ent-1',
  projectName: '新材料项目',
  projectType: 'industrial',
  track: 'regular',
  landParcel: { parcelId: 'P-1', areaMu: 10, location: '长春' },
  investmentYuan: 1,
  requiredPermits: ['construction'],
  documents: [],
  status: 'submitted',
  receivedAt: '2025-03-03T01:00:00.000Z',
  version: 3,
  createdAt: '2025-03-03T01:00:00.000Z',
  updatedAt: '2025-03-03T01:00:00.000Z',
};
const event: AuditEvent = {
  applicationId: 'app-1',
  eventId: 'evt-1',
  at: '2025-03-03T01:00:00.000Z',
  type: 'intake-accepted',
  actor: { userId: 'clerk-1', role: 'window-clerk' },
  detail: {},
};

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('commit', () => {
  it('conditions an update on the version read and sends an idempotency token', async () => {
    // Prepare
    documentClient.on(TransactWriteCommand).resolves({});

    // Act
    const { updated } = await repo.commit({
      update: [{ ...application, status: 'accepted' }],
      events: [event],
    });

    // Assess
    const input = documentClient.commandCalls(TransactWriteCommand)[0]!.args[0].input;
    expect(input.ClientRequestToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(input.TransactItems?.[0]?.Put).toMatchObject({
      ConditionExpression: '#version = :expected',
      ExpressionAttributeValues: { ':expected': 3 },
      Item: { pk: 'APP#app-1', sk: 'A', version: 4, gsi1pk: 'ENT#ent-1', status: 'accepted' },
    });
    expect(input.TransactItems?.[1]?.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(#pk)',
      Item: { pk: 'APP#app-1', sk: 'EVT#2025-03-03T01:00:00.000Z#evt-1' },
    });
    expect(updated[0].version).toBe(4);
  });

  it('tries again when another transaction held the item, and succeeds', async () => {
    // Prepare
    documentClient
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('TransactionConflict', 'None'))
      .resolves({});

    // Act
    await repo.commit({ update: [application], events: [event] });

    // Assess
    const calls = documentClient.commandCalls(TransactWriteCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.args[0].input.ClientRequestToken).not.toBe(calls[1]!.args[0].input.ClientRequestToken);
  });

  it('reports a stale version when the retry meets the winner', async () => {
    documentClient
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('TransactionConflict', 'None'))
      .rejects(cancelled('ConditionalCheckFailed', 'None'));
    await expect(repo.commit({ update: [application], events: [event] })).rejects.toMatchObject({
      name: 'Conflict',
      code: 'STALE_VERSION',
    });
  });

  it('gives up with Conflict when the item stays contended', async () => {
    documentClient.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None'));
    await expect(repo.commit({ update: [application], events: [event] })).rejects.toMatchObject({
      code: 'STALE_VERSION',
    });
    expect(documentClient.commandCalls(TransactWriteCommand)).toHaveLength(4);
  });

  it('reports a duplicate event as ALREADY_EXISTS', async () => {
    documentClient.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    await expect(repo.commit({ update: [application], events: [event] })).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
    });
  });

  it('passes on cancellations that are not conflicts', async () => {
    documentClient.on(TransactWriteCommand).rejects(cancelled('ValidationError', 'None'));
    await expect(repo.commit({ update: [application], events: [event] })).rejects.toBeInstanceOf(
      TransactionCanceledException,
    );
  });
});
