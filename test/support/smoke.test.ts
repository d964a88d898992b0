import { inject, it, expect } from 'vitest';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

it('reaches DynamoDB Local', async () => {
  const client = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'local',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const out = await client.send(new ListTablesCommand({}));
  expect(Array.isArray(out.TableNames)).toBe(true);
});
