// Measures the peer bench (scripts/bench/peer.ts) applies to both sides alike: the bytes an item takes in
// DynamoDB, the bytes of a partition, and the time spent in each part of a lifecycle.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';

/**
 * An item's size by DynamoDB's rule (attribute names plus values: strings in UTF-8 bytes, numbers about one byte
 * per two digits plus one, 3 bytes per map or list plus 1 per element, booleans and nulls 1 byte).
 */
export function dynamoItemBytes(item: Record<string, unknown>): number {
  const value = (v: AttributeValue): number => {
    if (v.S !== undefined) return Buffer.byteLength(v.S);
    if (v.N !== undefined)
      return Math.ceil(v.N.replace(/^-|\.|e.*$/gi, '').replace(/^0+/, '').length / 2) + 1;
    if (v.B !== undefined) return v.B.length;
    if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
    if (v.L) return 3 + v.L.reduce((sum, e) => sum + 1 + value(e), 0);
    if (v.M) return 3 + Object.keys(v.M).length + attributes(v.M);
    if (v.SS) return v.SS.reduce((sum, s) => sum + Buffer.byteLength(s), 0);
    return JSON.stringify(v).length;
  };
  const attributes = (m: Record<string, AttributeValue>): number =>
    Object.entries(m).reduce((sum, [name, v]) => sum + Buffer.byteLength(name) + value(v), 0);
  return attributes(marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true }));
}

export async function partitionBytes(
  client: DynamoDBDocumentClient,
  table: string,
  pk: string,
  value: string,
): Promise<number> {
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': pk },
      ExpressionAttributeValues: { ':pk': value },
      ConsistentRead: true,
    }),
  );
  return Items.reduce((sum, item) => sum + dynamoItemBytes(item), 0);
}

/** Adds the time `work` takes to `spent[key]`. */
export async function timed<T>(
  spent: Record<string, number>,
  key: string,
  work: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    spent[key] = (spent[key] ?? 0) + performance.now() - started;
  }
}
