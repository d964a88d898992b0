// Creates the application table from `tableDefinition` (and the idempotency records' table beside it), for
// integration tests and the embedded runtime, so the local tables have exactly the keys, indexes and TTL the
// CDK constructs deploy.
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { idempotencyTableDefinition, idempotencyTableNameFor } from './idempotency-table.ts';
import { projectionOf } from './index-projection.ts';
import { tableDefinition } from './table.ts';

export interface CreateTableOptions {
  /** Succeed quietly when the table is there already (a persistent local data folder). @default false */
  ifNotExists?: boolean;
  /** Also create its idempotency table, `idempotencyTableNameFor(tableName)`. @default true */
  idempotencyTable?: boolean;
  /**
   * Enable its stream, as deployed (the outbox reads it). The scaling bench turns it off: DynamoDB Local looks up
   * the stream's description on every write, a cost that grows with the records it holds (100,000 applications
   * would load at a few dozen items a second), and a stream changes nothing of what a read costs. @default true
   */
  stream?: boolean;
}

export async function createTableFromDefinition(
  client: DynamoDBClient | DynamoDBDocumentClient,
  tableName: string,
  options: CreateTableOptions = {},
): Promise<void> {
  // A document client sends the base client's commands as they are; only the union type needs narrowing.
  const base = client as DynamoDBClient;
  const keyAttributes = [
    tableDefinition.partitionKey,
    tableDefinition.sortKey,
    ...tableDefinition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  try {
    await base.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...new Set(keyAttributes)].map((name) => ({
          AttributeName: name,
          AttributeType: tableDefinition.attributeType,
        })),
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection:
            projectionOf(index).type === 'KEYS_ONLY'
              ? { ProjectionType: 'KEYS_ONLY' }
              : { ProjectionType: 'INCLUDE', NonKeyAttributes: projectionOf(index).nonKeyAttributes },
        })),
        ...((options.stream ?? true)
          ? { StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.streamViewType } }
          : {}),
      }),
    );
  } catch (error) {
    if (options.ifNotExists && error instanceof ResourceInUseException) {
      await enableStream(base, tableName);
      return;
    }
    throw error;
  }
  await waitUntilActive(base, tableName);
  if (options.idempotencyTable ?? true) {
    await createIdempotencyTable(base, idempotencyTableNameFor(tableName), { ifNotExists: true });
  }
}

/** The idempotency records' table (idempotency-table.ts), with its TTL: the only table that has one. */
export async function createIdempotencyTable(
  client: DynamoDBClient | DynamoDBDocumentClient,
  tableName: string,
  options: { ifNotExists?: boolean } = {},
): Promise<void> {
  const base = client as DynamoDBClient;
  const definition = idempotencyTableDefinition;
  try {
    await base.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [definition.partitionKey, definition.sortKey].map((name) => ({
          AttributeName: name,
          AttributeType: definition.attributeType,
        })),
        KeySchema: [
          { AttributeName: definition.partitionKey, KeyType: 'HASH' },
          { AttributeName: definition.sortKey, KeyType: 'RANGE' },
        ],
      }),
    );
  } catch (error) {
    if (options.ifNotExists && error instanceof ResourceInUseException) return;
    throw error;
  }
  await waitUntilActive(base, tableName);
  await base.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
    }),
  );
}

/** A table created before the outbox existed (a kept local data folder) gets its stream now. */
async function enableStream(client: DynamoDBClient, tableName: string): Promise<void> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (Table?.StreamSpecification?.StreamEnabled) return;
  await client.send(
    new UpdateTableCommand({
      TableName: tableName,
      StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.streamViewType },
    }),
  );
  await waitUntilActive(client, tableName);
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every(
      (index) => index.IndexStatus === 'ACTIVE',
    );
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline) throw new Error(`Table ${tableName} did not become active`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
