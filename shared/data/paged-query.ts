// One page of a DynamoDB Query with a sealed cursor (cursor.ts): the one paging routine behind every paged list of
// the table (applications, steps, supervision orders, projects, tickets, notifications). The cursor holds the key
// of the last item the caller was given, sealed to the query and the caller, so it can neither be read, changed
// nor replayed on another list or by another user.
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '#shared/errors';
import { cursorBinding, openCursor, sealCursor } from './cursor.ts';
import { cursorKey } from './cursor-key.ts';
import type { Page, PageFilter, PageOptions } from './ports.ts';

const defaultLimit = 25;
const maxLimit = 100;

type Item = Record<string, unknown>;

export interface PagedQuery {
  /** The Query without table, limit and start key. */
  input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>;
  /** Exactly the key attributes of the query's LastEvaluatedKey (table keys, plus the index's on an index). */
  cursorAttributes: readonly string[];
  /** The partition read: a cursor coming back must point into it. */
  partition: { attribute: string; value: string };
  /**
   * What the cursor is bound to besides the caller.
   * @default the index, key condition, its values and the direction of `input`
   */
  binding?: unknown;
  /** Keeps only the items the caller may be given; it sees the items as stored, keys included. */
  filter?: PageFilter<Item> | undefined;
  /**
   * What an item returned becomes.
   * @default the item as stored
   */
  read?: (item: Item) => Item;
}

/**
 * One page of `query`. Without a filter, one Query of `limit` items. With a filter, pages are read until `limit`
 * items are kept, the partition ends, or `filter.maxExamined` items were examined; in that last case with nothing
 * kept, the cursor holds the last item examined, which the caller cannot read (it is sealed).
 * @throws ValidationError for a `limit` outside 1–100, `INVALID_CURSOR` for a cursor not of this list and caller
 */
export async function queryPage(
  client: DynamoDBDocumentClient,
  tableName: string,
  query: PagedQuery,
  options: PageOptions,
): Promise<Page<Item>> {
  const { input, cursorAttributes, partition, filter } = query;
  const read = query.read ?? ((item: Item) => item);
  const limit = options.limit ?? defaultLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
    throw new ValidationError('Invalid limit', [
      { path: 'limit', message: `an integer from 1 to ${maxLimit}` },
    ]);
  }
  const key = await cursorKey();
  const binding = cursorBinding(
    query.binding ?? {
      index: input.IndexName ?? null,
      condition: input.KeyConditionExpression,
      values: input.ExpressionAttributeValues,
      forward: input.ScanIndexForward ?? true,
    },
    options.caller,
  );
  let startKey: Item | undefined =
    options.cursor === undefined
      ? undefined
      : openCursor(options.cursor, { attributes: cursorAttributes, partition, binding }, key);
  const positionOf = (item: Item) => Object.fromEntries(cursorAttributes.map((name) => [name, item[name]]));

  if (!filter) {
    const page = await client.send(
      new QueryCommand({ ...input, TableName: tableName, Limit: limit, ExclusiveStartKey: startKey }),
    );
    const items = page.Items ?? [];
    // Without a FilterExpression, LastEvaluatedKey is the key of the last item returned: built from that item.
    // With one, DynamoDB may have stopped on an item it left out (or returned none): continue where it stopped.
    const last = !page.LastEvaluatedKey
      ? undefined
      : input.FilterExpression !== undefined
        ? positionOf(page.LastEvaluatedKey)
        : items.length > 0
          ? positionOf(items.at(-1)!)
          : undefined;
    const cursor = sealCursor(last, binding, key);
    return { items: items.map(read), ...(cursor ? { cursor } : {}) };
  }

  const maxExamined = filter.maxExamined ?? maxLimit;
  const kept: Item[] = [];
  let lastKept: Item | undefined;
  let lastExamined: Item | undefined;
  let examined = 0;
  let more = true;
  while (more && kept.length < limit && examined < maxExamined) {
    const page = await client.send(
      new QueryCommand({
        ...input,
        TableName: tableName,
        Limit: Math.min(maxExamined - examined, Math.max(limit - kept.length, 10)),
        ExclusiveStartKey: startKey,
      }),
    );
    const raw = page.Items ?? [];
    const verdicts = await Promise.all(raw.map((item) => filter.keep(item)));
    let stopped = false;
    for (const [i, item] of raw.entries()) {
      examined += 1;
      lastExamined = item;
      if (verdicts[i]) {
        kept.push(read(item));
        lastKept = item;
      }
      if (kept.length >= limit && i < raw.length - 1) {
        stopped = true; // the page has unread items: continue after the last one kept
        break;
      }
    }
    more = stopped || page.LastEvaluatedKey !== undefined;
    startKey = page.LastEvaluatedKey;
  }
  const position = !more ? undefined : kept.length > 0 ? lastKept : lastExamined;
  const cursor = sealCursor(position && positionOf(position), binding, key);
  return { items: kept, ...(cursor ? { cursor } : {}) };
}
