// Integration-test tables: each test file creates its own uniquely named table on the shared DynamoDB Local
// (see global-setup.ts), built from the same definition the stack deploys, and drops it afterwards.
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#shared/data/client';
import { createTableFromDefinition } from '#shared/data/create-table';
import { idempotencyTableNameFor } from '#shared/data/idempotency-table';

export interface TestTable {
  tableName: string;
  client: DynamoDBDocumentClient;
  /** Deletes the table and releases the client's sockets. */
  drop(): Promise<void>;
}

/** `stream: false` for the benches that load many items (see `stream` in shared/data/create-table.ts). */
export async function createTestTable(
  endpoint: string,
  options: { stream?: boolean } = {},
): Promise<TestTable> {
  const tableName = `test-${randomUUID()}`;
  const client = createDocumentClient({ endpoint });
  await createTableFromDefinition(client, tableName, options);
  return {
    tableName,
    client,
    async drop() {
      try {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
        await client.send(new DeleteTableCommand({ TableName: idempotencyTableNameFor(tableName) }));
      } finally {
        client.destroy();
      }
    },
  };
}
