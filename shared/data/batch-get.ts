// BatchGetItem for the keys-only index reads (the search, "my assigned projects"): the items behind a list of
// primary keys, 100 keys a request, unprocessed keys retried with backoff. One copy for every reader.
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { PrimaryKey } from './keys.ts';

/** BatchGetItem takes at most 100 keys. */
const batchSize = 100;
const maxUnprocessedRounds = 8;

/**
 * The stored items of `keys` (duplicates read once; those gone left out; order not kept: callers index them).
 * @param onReadUnits called with the read capacity units each request consumed
 */
export async function batchGetItems(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly PrimaryKey[],
  options: { consistentRead?: boolean; onReadUnits?: (units: number) => void } = {},
): Promise<Record<string, unknown>[]> {
  const unique = [...new Map(keys.map((key) => [`${key.pk}|${key.sk}`, key])).values()];
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < unique.length; start += batchSize) {
    let requested: Record<string, unknown>[] | undefined = unique
      .slice(start, start + batchSize)
      .map((key) => ({ ...key }));
    for (let round = 0; requested && requested.length > 0; round++) {
      if (round >= maxUnprocessedRounds) throw new Error('BatchGetItem kept keys unprocessed');
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** round));
      const result: BatchGetCommandOutput = await client.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: requested,
              ...(options.consistentRead ? { ConsistentRead: true } : {}),
            },
          },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      for (const consumed of result.ConsumedCapacity ?? [])
        options.onReadUnits?.(consumed.CapacityUnits ?? 0);
      found.push(...(result.Responses?.[tableName] ?? []));
      requested = result.UnprocessedKeys?.[tableName]?.Keys;
    }
  }
  return found;
}
