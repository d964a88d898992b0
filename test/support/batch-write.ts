// Writes many prepared items fast, for the loaders of the tests and benchmarks at scale: 25 items per
// BatchWriteItem (DynamoDB's limit), several requests in flight, unprocessed items sent again after a short pause.
// The items come from the repository's own builders (`storedCreationItems`, `storedApplicationItems`, ...), so
// what is loaded is what `commit` stores.
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { forEachLimited } from '#services/reports/core/overdue-report';

/** DynamoDB's limit on the items of one BatchWriteItem. */
const batchSize = 25;

export async function batchWriteItems(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
  options: { concurrency?: number } = {},
): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += batchSize) batches.push(items.slice(i, i + batchSize));
  await forEachLimited(batches, options.concurrency ?? 8, async (batch) => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      const { UnprocessedItems } = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  });
}
