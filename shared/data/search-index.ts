// The DynamoDB adapter of the search index (GSI4, KEYS_ONLY; keys in search-keys.ts): slices of a search
// partition by receipt, newest first, and the applications behind them by BatchGetItem. Every read asks for its
// consumed capacity, handed to `onReadUnits` (the benchmark, metrics).
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Application } from '#shared/model';
import { batchGetItems } from './batch-get.ts';
import { cursorBinding, openCursor, sealValue } from './cursor.ts';
import { cursorKey } from './cursor-key.ts';
import { applicationKey, storageAttributes } from './keys.ts';
import type { ApplicationSearchIndex, ReceivedRange, SearchSlice } from './search-ports.ts';
import { parseSearchSortKey } from './search-keys.ts';
import { indexes, keys } from './table.ts';

const index = indexes.search;
const positionAttributes = [keys.pk, keys.sk, index.partitionKey, index.sortKey];

export interface SearchIndexOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Called with the read capacity units each request consumed. */
  onReadUnits?: (units: number) => void;
}

export class DynamoDbSearchIndex implements ApplicationSearchIndex {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #onReadUnits: (units: number) => void;

  constructor({ client, tableName, onReadUnits }: SearchIndexOptions) {
    this.#client = client;
    this.#tableName = tableName;
    this.#onReadUnits = onReadUnits ?? (() => {});
  }

  async slice(
    partition: string,
    range: ReceivedRange,
    options: { after?: Record<string, string>; limit: number },
  ): Promise<SearchSlice> {
    // Sort keys are `<receivedAt>#…`: none equals a bare instant, so `>= from` and `< to` on the key are exactly
    // from <= receivedAt < to.
    const condition =
      range.from !== undefined && range.to !== undefined
        ? '#ipk = :ipk AND #isk BETWEEN :from AND :to'
        : range.from !== undefined
          ? '#ipk = :ipk AND #isk >= :from'
          : range.to !== undefined
            ? '#ipk = :ipk AND #isk < :to'
            : '#ipk = :ipk';
    const page = await this.#client.send(
      new QueryCommand({
        TableName: this.#tableName,
        IndexName: index.indexName,
        KeyConditionExpression: condition,
        ExpressionAttributeNames: {
          '#ipk': index.partitionKey,
          ...(condition.includes('#isk') ? { '#isk': index.sortKey } : {}),
        },
        ExpressionAttributeValues: {
          ':ipk': partition,
          ...(range.from !== undefined ? { ':from': range.from } : {}),
          ...(range.to !== undefined ? { ':to': range.to } : {}),
        },
        ScanIndexForward: false,
        Limit: options.limit,
        ExclusiveStartKey: options.after,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.#onReadUnits(page.ConsumedCapacity?.CapacityUnits ?? 0);
    const entries = (page.Items ?? []).map((item) => ({
      facets: parseSearchSortKey(String(item[index.sortKey])),
      position: Object.fromEntries(positionAttributes.map((name) => [name, String(item[name])])),
    }));
    return { entries, more: page.LastEvaluatedKey !== undefined };
  }

  async applications(applicationIds: readonly string[]): Promise<Application[]> {
    const items = await batchGetItems(this.#client, this.#tableName, applicationIds.map(applicationKey), {
      onReadUnits: this.#onReadUnits,
    });
    const found = new Map<string, Application>();
    for (const item of items) {
      const application = toApplication(item);
      if (application) found.set(application.applicationId, application);
    }
    return applicationIds.flatMap((id) => {
      const application = found.get(id);
      return application ? [application] : [];
    });
  }

  async seal(position: Record<string, string>, binding: string, caller: string): Promise<string> {
    return sealValue(position, cursorBinding(binding, caller), await cursorKey());
  }

  async open(
    cursor: string,
    binding: string,
    caller: string,
    partition: string,
  ): Promise<Record<string, string>> {
    return openCursor(
      cursor,
      {
        attributes: positionAttributes,
        partition: { attribute: index.partitionKey, value: partition },
        binding: cursorBinding(binding, caller),
      },
      await cursorKey(),
    );
  }
}

// An item that no longer passes its schema (a poison input, see `failApplication`) is still shown as stored.
function toApplication(item: Record<string, unknown>): Application | undefined {
  const domain = Object.fromEntries(
    Object.entries(item).filter(([name]) => !storageAttributes.includes(name)),
  );
  return typeof domain.applicationId === 'string' ? (domain as Application) : undefined;
}
