// The latest audit events of a configuration partition (CONFIG#calendar, CONFIG#service): newest first, read
// consistently, as their administration pages list them.
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from './table.ts';

export async function latestConfigEvents(
  client: DynamoDBDocumentClient,
  tableName: string,
  partition: string,
  limit: number,
): Promise<Record<string, unknown>[]> {
  const response = await client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': keys.pk, '#sk': keys.sk },
      ExpressionAttributeValues: { ':pk': partition, ':prefix': 'EVT#' },
      ScanIndexForward: false,
      Limit: limit,
      ConsistentRead: true,
    }),
  );
  return response.Items ?? [];
}
