// Document versions and certificate records in the single table. A version lives beside its application
// (`APP#<id>` / `DOC#<documentId>#V<nnn>`), so one Query lists an application's documents; a certificate under
// its number (`CERT#<no>` / `C`), so the public check is one GetItem. Events are the application's audit events
// (append-only, `attribute_not_exists`), written in the same transaction as the change they record.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { Conflict } from '#shared/errors';
import {
  applicationPartition,
  documentSortKeyPrefix,
  eventKey,
  itemTypeAttribute,
  storageAttributes,
} from '#shared/data/keys';
import { keys } from '#shared/data/table';
import { auditEventSchema, type AuditEvent } from '#shared/model';
import {
  certificateRecordSchema,
  documentVersionSchema,
  type CertificateRecord,
  type DocumentVersion,
} from '../core/model.ts';
import type { DocumentRecords } from '../core/ports.ts';

export { documentSortKeyPrefix };
export const documentVersionKey = (applicationId: string, documentId: string, version: number) => ({
  [keys.pk]: applicationPartition(applicationId),
  [keys.sk]: `${documentSortKeyPrefix}${documentId}#V${String(version).padStart(3, '0')}`,
});
export const certificateKey = (certificateNo: string) => ({
  [keys.pk]: `CERT#${certificateNo}`,
  [keys.sk]: 'C',
});

export class DynamoDbDocumentRecords implements DocumentRecords {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  async listVersions(applicationId: string): Promise<DocumentVersion[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': keys.pk, '#sk': keys.sk },
          ExpressionAttributeValues: {
            ':pk': applicationPartition(applicationId),
            ':prefix': documentSortKeyPrefix,
          },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items.map((item) => documentVersionSchema.parse(domainOf(item)));
  }

  async findVersion(applicationId: string, documentId: string, version: number) {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: documentVersionKey(applicationId, documentId, version),
        ConsistentRead: true,
      }),
    );
    return Item ? documentVersionSchema.parse(domainOf(Item)) : undefined;
  }

  async declare(version: DocumentVersion): Promise<void> {
    const item = documentVersionSchema.parse(version);
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: {
            ...item,
            ...documentVersionKey(item.applicationId, item.documentId, item.version),
            [itemTypeAttribute]: 'document',
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': keys.pk },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new Conflict(
          `Version ${item.version} of document ${item.documentId} was declared meanwhile; declare again`,
          'VERSION_TAKEN',
        );
      }
      throw error;
    }
  }

  async confirm(version: DocumentVersion, event: AuditEvent): Promise<void> {
    const item = documentVersionSchema.parse(version);
    const recorded = auditEventSchema.parse(event);
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              // A whole-item Put: the TTL attribute of the pending declaration goes away with it.
              Put: {
                TableName: this.#tableName,
                Item: {
                  ...item,
                  ...documentVersionKey(item.applicationId, item.documentId, item.version),
                  [itemTypeAttribute]: 'document',
                },
                ConditionExpression: '#status = :pending',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':pending': 'pending' },
              },
            },
            eventPut(this.#tableName, recorded),
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        throw new Conflict(
          `Document ${item.documentId} version ${item.version} is not pending`,
          'NOT_PENDING',
        );
      }
      throw error;
    }
  }

  async appendEvent(event: AuditEvent): Promise<void> {
    await this.#client.send(new PutCommand(eventPut(this.#tableName, auditEventSchema.parse(event)).Put));
  }

  async appendEventOnce(event: AuditEvent): Promise<void> {
    try {
      await this.appendEvent(event);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async findCertificate(certificateNo: string): Promise<CertificateRecord | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: certificateKey(certificateNo),
        ConsistentRead: true,
      }),
    );
    return Item ? certificateRecordSchema.parse(domainOf(Item)) : undefined;
  }

  async putCertificate(record: CertificateRecord): Promise<CertificateRecord> {
    const item = certificateRecordSchema.parse(record);
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: { ...item, ...certificateKey(item.certificateNo), [itemTypeAttribute]: 'certificate' },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': keys.pk },
        }),
      );
      return item;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // A concurrent attempt stored it first: its signature is the one.
      const stored = await this.findCertificate(item.certificateNo);
      if (!stored) throw error;
      return stored;
    }
  }
}

function eventPut(tableName: string, event: AuditEvent) {
  return {
    Put: {
      TableName: tableName,
      Item: { ...event, ...eventKey(event), [itemTypeAttribute]: 'event' },
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': keys.pk },
    },
  };
}

function domainOf(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !storageAttributes.includes(name)));
}
