// Idempotency records in their own table (shared/data/idempotency-table.ts, the only table with a TTL): a
// Powertools persistence layer (BasePersistenceLayer) written with the platform's document client, so records
// get the same retries as every other request and spread over their own partitions (`IDEM#<key>` / `I`)
// instead of the one static partition Powertools' DynamoDBPersistenceLayer needs on a table with a sort key.
// Records expire through the table's TTL attribute `expiresAt` (seconds).
//
// Powertools is imported dynamically, when the first store is created: Powertools idempotency and its JMESPath
// declare no `sideEffects`, so a static import would keep them (~25 KB) in the bundle of every function that
// imports this module, idempotent or not. The SDK stays a static import: a dynamically imported module that
// imports `@aws-sdk/lib-dynamodb` makes esbuild keep the DynamoDB client's whole index (+50 KB).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import type { JSONValue } from '@aws-lambda-powertools/commons/types';
import type { PrimaryKey } from '#shared/data/keys';
import { idempotencyTableDefinition } from '#shared/data/idempotency-table';
import { keys } from '#shared/data/table';

/** Partition-key prefix of idempotency records; the only items any function may delete (see infra grants). */
export const idempotencyPartitionPrefix = 'IDEM#';
export const idempotencySortKey = 'I';

/** The attributes of a record besides its keys. */
const attributes = {
  itemType: 'itemType',
  status: 'status',
  /** Epoch seconds: the table's TTL attribute. */
  expiresAt: idempotencyTableDefinition.timeToLiveAttribute,
  /** Epoch milliseconds: until when an INPROGRESS record locks its key (the first invocation's deadline). */
  inProgressExpiresAt: 'inProgressExpiresAt',
  payloadHash: 'payloadHash',
  /** The stored response, as a JSON string (kept exact: no number or empty-value conversions). */
  response: 'response',
} as const;

export function idempotencyRecordKey(idempotencyKey: string): PrimaryKey {
  return { pk: `${idempotencyPartitionPrefix}${idempotencyKey}`, sk: idempotencySortKey };
}

export interface IdempotencyStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/** The store's class, defined once Powertools is loaded (see the note at the top). */
let storeClass: Promise<new (options: IdempotencyStoreOptions) => BasePersistenceLayer> | undefined;

/** A store on the idempotency table (the class is created on the first call, with Powertools loaded). */
export async function createSingleTableIdempotencyStore(
  options: IdempotencyStoreOptions,
): Promise<BasePersistenceLayer> {
  storeClass ??= defineStoreClass();
  return new (await storeClass)(options);
}

async function defineStoreClass() {
  const [
    { BasePersistenceLayer, IdempotencyRecord },
    { IdempotencyItemAlreadyExistsError, IdempotencyItemNotFoundError, IdempotencyRecordStatus },
  ] = await Promise.all([
    import('@aws-lambda-powertools/idempotency/persistence'),
    import('@aws-lambda-powertools/idempotency'),
  ]);

  class SingleTableIdempotencyStore extends BasePersistenceLayer {
    readonly #client: DynamoDBDocumentClient;
    readonly #tableName: string;

    constructor(options: IdempotencyStoreOptions) {
      super();
      this.#client = options.client;
      this.#tableName = options.tableName;
    }

    protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
      const { Item } = await this.#client.send(
        new GetCommand({
          TableName: this.#tableName,
          Key: idempotencyRecordKey(idempotencyKey),
          ConsistentRead: true,
        }),
      );
      if (!Item) throw new IdempotencyItemNotFoundError();
      const response = Item[attributes.response];
      return new IdempotencyRecord({
        idempotencyKey,
        status: Item[attributes.status],
        expiryTimestamp: Item[attributes.expiresAt],
        inProgressExpiryTimestamp: Item[attributes.inProgressExpiresAt],
        payloadHash: Item[attributes.payloadHash],
        ...(typeof response === 'string' ? { responseData: JSON.parse(response) as JSONValue } : {}),
      });
    }

    /**
     * Claims the key: succeeds when no record exists, or the existing one expired, or it is INPROGRESS past its
     * lock (the invocation that wrote it died). Otherwise IdempotencyItemAlreadyExistsError.
     */
    protected async _putRecord(record: IdempotencyRecord): Promise<void> {
      const now = Date.now();
      try {
        await this.#client.send(
          new PutCommand({
            TableName: this.#tableName,
            Item: this.#item(record),
            ConditionExpression:
              'attribute_not_exists(#pk) OR #expiresAt < :now OR ' +
              '(#status = :inProgress AND attribute_exists(#lock) AND #lock < :nowMs)',
            ExpressionAttributeNames: {
              '#pk': keys.pk,
              '#expiresAt': attributes.expiresAt,
              '#status': attributes.status,
              '#lock': attributes.inProgressExpiresAt,
            },
            ExpressionAttributeValues: {
              ':now': Math.floor(now / 1000),
              ':nowMs': now,
              ':inProgress': IdempotencyRecordStatus.INPROGRESS,
            },
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) {
          // Without the record: Powertools reads it (consistently) and validates the payload against it.
          throw new IdempotencyItemAlreadyExistsError(
            `An idempotency record exists for ${record.idempotencyKey}`,
          );
        }
        throw error;
      }
    }

    /** Completes the record: the whole item is replaced with its COMPLETED state and the response. */
    protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
      await this.#client.send(new PutCommand({ TableName: this.#tableName, Item: this.#item(record) }));
    }

    /**
     * Releases the key after a failed operation, so it can be tried again. Only an INPROGRESS record: a
     * completed one (written by an invocation that took the key over) is never removed.
     */
    protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
      try {
        await this.#client.send(
          new DeleteCommand({
            TableName: this.#tableName,
            Key: idempotencyRecordKey(record.idempotencyKey),
            ConditionExpression: '#status = :inProgress',
            ExpressionAttributeNames: { '#status': attributes.status },
            ExpressionAttributeValues: { ':inProgress': IdempotencyRecordStatus.INPROGRESS },
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return;
        throw error;
      }
    }

    #item(record: IdempotencyRecord): Record<string, unknown> {
      const response = record.responseData;
      return {
        ...idempotencyRecordKey(record.idempotencyKey),
        [attributes.itemType]: 'idempotency',
        [attributes.status]: record.getStatus(),
        [attributes.expiresAt]: record.expiryTimestamp,
        ...(record.inProgressExpiryTimestamp !== undefined
          ? { [attributes.inProgressExpiresAt]: record.inProgressExpiryTimestamp }
          : {}),
        ...(record.payloadHash ? { [attributes.payloadHash]: record.payloadHash } : {}),
        ...(response !== undefined ? { [attributes.response]: JSON.stringify(response) } : {}),
      };
    }
  }

  return SingleTableIdempotencyStore;
}
