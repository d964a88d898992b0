// Test support for the API handlers' unit tests: an in-memory single table behind an aws-sdk-client-mock of
// DynamoDBDocumentClient. It answers the repository's Get, Query (table and both indexes) and TransactWrite
// with the conditions the repository uses, so a handler test can run a whole story (submit, replay, decide
// twice) against the real repository without DynamoDB Local. It also keeps idempotency records (Put and
// Delete with the conditions shared/data/idempotency-store.ts writes). Not a DynamoDB emulator beyond that.
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  type DeleteCommandInput,
  type PutCommandInput,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AwsStub } from 'aws-sdk-client-mock';
import { indexes, keys } from '#shared/data/table';

type Item = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the mock's generic arguments are the SDK's own
type DocumentClientMock = AwsStub<any, any, DynamoDBDocumentClient['config']>;

export interface FakeTable {
  /** Every stored item, keyed `pk|sk`. */
  readonly items: Map<string, Item>;
  /** Stored items of one partition. */
  partition(pk: string): Item[];
  /** The TransactWrite inputs received, in order. */
  readonly transactions: TransactWriteCommandInput[];
}

const id = (item: Item) => `${String(item[keys.pk])}|${String(item[keys.sk])}`;

export function installFakeTable(mock: DocumentClientMock): FakeTable {
  const items = new Map<string, Item>();
  const transactions: TransactWriteCommandInput[] = [];

  mock.on(GetCommand).callsFake((input: GetCommandInput) => {
    const item = items.get(id(input.Key as Item));
    return item ? { Item: structuredClone(item) } : {};
  });

  mock.on(QueryCommand).callsFake((input: QueryCommandInput) => query(items, input));

  // Idempotency records: claimed when absent, expired, or in progress past their lock; released only while
  // in progress.
  mock.on(PutCommand).callsFake((input: PutCommandInput) => {
    const item = input.Item as Item;
    const existing = items.get(id(item));
    if (input.ConditionExpression !== undefined && existing !== undefined) {
      const values = input.ExpressionAttributeValues ?? {};
      const expired = (existing.expiresAt as number) < (values[':now'] as number);
      const lockLapsed =
        existing.status === 'INPROGRESS' &&
        typeof existing.inProgressExpiresAt === 'number' &&
        existing.inProgressExpiresAt < (values[':nowMs'] as number);
      if (existing.itemType !== 'idempotency' || !(expired || lockLapsed)) throw conditionFailed();
    }
    items.set(id(item), structuredClone(item));
    return {};
  });
  mock.on(DeleteCommand).callsFake((input: DeleteCommandInput) => {
    const key = id(input.Key as Item);
    const existing = items.get(key);
    if (input.ConditionExpression !== undefined && existing?.status !== 'INPROGRESS') throw conditionFailed();
    items.delete(key);
    return {};
  });

  mock.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
    transactions.push(input);
    const actions = input.TransactItems ?? [];
    const reasons = actions.map((action) => {
      const put = action.Put;
      if (!put) return 'None';
      const existing = items.get(id(put.Item as Item));
      const condition = put.ConditionExpression ?? '';
      if (condition.startsWith('attribute_not_exists')) return existing ? 'ConditionalCheckFailed' : 'None';
      if (condition.includes('version')) {
        const expected = put.ExpressionAttributeValues?.[':expected'];
        return existing?.version === expected ? 'None' : 'ConditionalCheckFailed';
      }
      return 'None';
    });
    if (reasons.some((code) => code !== 'None')) {
      throw new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: reasons.map((Code) => ({ Code })),
      });
    }
    for (const action of actions) {
      if (action.Put) items.set(id(action.Put.Item as Item), structuredClone(action.Put.Item as Item));
      if (action.Update) {
        const key = action.Update.Key as Item;
        items.set(id(key), { ...(items.get(id(key)) ?? key) });
      }
    }
    return {};
  });

  return {
    items,
    transactions,
    partition: (pk) => [...items.values()].filter((item) => item[keys.pk] === pk),
  };
}

function conditionFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

/** The three key conditions the repository writes: a partition, optionally `begins_with` or `<` on the sort key. */
function query(items: Map<string, Item>, input: QueryCommandInput) {
  const names = input.ExpressionAttributeNames ?? {};
  const values = input.ExpressionAttributeValues ?? {};
  const index = Object.values(indexes).find((candidate) => candidate.indexName === input.IndexName);
  const partitionKey = index?.partitionKey ?? keys.pk;
  const sortKey = index?.sortKey ?? keys.sk;
  const partition = values[':pk'] ?? values[':ipk'];
  const prefix = values[':prefix'] as string | undefined;
  const before = values[':before'] as string | undefined;
  if (partition === undefined || (Object.keys(names).length === 0 && !input.KeyConditionExpression)) {
    throw new Error(`fake table: unsupported query ${input.KeyConditionExpression}`);
  }

  let matched = [...items.values()]
    .filter((item) => item[partitionKey] === partition && typeof item[sortKey] === 'string')
    .filter((item) => prefix === undefined || (item[sortKey] as string).startsWith(prefix))
    .filter((item) => before === undefined || (item[sortKey] as string) < before)
    .sort((a, b) => ((a[sortKey] as string) < (b[sortKey] as string) ? -1 : 1));
  if (input.ScanIndexForward === false) matched.reverse();

  const start = input.ExclusiveStartKey;
  if (start) {
    const at = matched.findIndex(
      (item) => item[keys.pk] === start[keys.pk] && item[keys.sk] === start[keys.sk],
    );
    matched = matched.slice(at + 1);
  }
  const limit = input.Limit ?? matched.length;
  const page = matched.slice(0, limit);
  const last = page.at(-1);
  const more = matched.length > limit && last !== undefined;
  return {
    Items: page.map((item) => structuredClone(item)),
    ...(more
      ? {
          LastEvaluatedKey: {
            [keys.pk]: last[keys.pk],
            [keys.sk]: last[keys.sk],
            ...(index
              ? { [index.partitionKey]: last[index.partitionKey], [index.sortKey]: last[index.sortKey] }
              : {}),
          },
        }
      : {}),
  };
}
