// The service configuration in the single table, under one partition `CONFIG#service`: the head (`HEAD`: the
// revision in force), one immutable item per version (`REV#<000001>`: the whole configuration, who wrote it,
// when) and the audit events (`EVT#<at>#<eventId>`). A change is one transaction: the head is Put with the new
// revision, conditioned on the one the administrator read; the new version is Put (never overwritten); the event
// is appended. Nothing is deleted, so every application can be read under the version it was accepted under.
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { keys } from '#shared/data/table';
import { latestConfigEvents } from './config-events.ts';
import { Conflict } from '#shared/errors';
import { writeConditioned } from './conditioned-write.ts';
import {
  serviceConfigEventSchema,
  serviceConfigSchema,
  type ServiceConfig,
  type ServiceConfigEvent,
} from '#shared/service-config/config';
import type { ServiceConfigStore, StoredServiceConfig } from '#shared/service-config/store';

export const serviceConfigPartition = 'CONFIG#service';
export const serviceConfigSortKeys = {
  head: 'HEAD',
  version: (revision: number) => `REV#${String(revision).padStart(6, '0')}`,
  event: (event: Pick<ServiceConfigEvent, 'at' | 'eventId'>) => `EVT#${event.at}#${event.eventId}`,
} as const;

const headSchema = z.object({ revision: z.number().int().min(0) });
const versionSchema = z.object({
  revision: z.number().int().min(1),
  config: serviceConfigSchema,
  changedBy: z.string(),
  changedAt: z.string(),
});

export class DynamoDbServiceConfigStore implements ServiceConfigStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = client;
    this.#tableName = tableName;
  }

  async headRevision(): Promise<number> {
    const item = await this.#get(serviceConfigSortKeys.head);
    // A head that does not parse is a broken table, not an empty one: say so loudly.
    return item ? headSchema.parse(item).revision : 0;
  }

  async version(revision: number): Promise<StoredServiceConfig | undefined> {
    const item = await this.#get(serviceConfigSortKeys.version(revision));
    return item ? versionSchema.parse(item) : undefined;
  }

  async write(change: {
    expectedRevision: number;
    config: ServiceConfig;
    at: string;
    changedBy: string;
    event: ServiceConfigEvent;
  }): Promise<StoredServiceConfig> {
    const revision = change.expectedRevision + 1;
    const stored: StoredServiceConfig = {
      revision,
      config: serviceConfigSchema.parse(change.config),
      changedBy: change.changedBy,
      changedAt: change.at,
    };
    const event = serviceConfigEventSchema.parse(change.event);
    const notExists = {
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': keys.pk },
    };
    await writeConditioned(
      this.#client,
      [
        {
          // The head as a whole item: it holds nothing but the revision in force and when it moved.
          Put: {
            TableName: this.#tableName,
            Item: {
              [keys.pk]: serviceConfigPartition,
              [keys.sk]: serviceConfigSortKeys.head,
              itemType: 'config',
              revision,
              updatedAt: change.at,
            },
            ConditionExpression:
              change.expectedRevision === 0
                ? 'attribute_not_exists(#pk) OR #revision = :expected'
                : '#revision = :expected',
            ExpressionAttributeNames: {
              ...(change.expectedRevision === 0 ? { '#pk': keys.pk } : {}),
              '#revision': 'revision',
            },
            ExpressionAttributeValues: { ':expected': change.expectedRevision },
          },
        },
        {
          Put: {
            TableName: this.#tableName,
            Item: {
              [keys.pk]: serviceConfigPartition,
              [keys.sk]: serviceConfigSortKeys.version(revision),
              itemType: 'config',
              ...stored,
            },
            ...notExists,
          },
        },
        {
          Put: {
            TableName: this.#tableName,
            Item: {
              [keys.pk]: serviceConfigPartition,
              [keys.sk]: serviceConfigSortKeys.event(event),
              itemType: 'config-event',
              ...event,
            },
            ...notExists,
          },
        },
      ],
      () =>
        new Conflict(
          'The service configuration was changed by someone else meanwhile; reload and try again',
          'STALE_VERSION',
        ),
    );
    return stored;
  }

  async listEvents(limit: number): Promise<ServiceConfigEvent[]> {
    const items = await latestConfigEvents(this.#client, this.#tableName, serviceConfigPartition, limit);
    return items.map((item) => {
      const { [keys.pk]: _pk, [keys.sk]: _sk, itemType: _type, ...rest } = item;
      return serviceConfigEventSchema.parse(rest);
    });
  }

  async #get(sk: string): Promise<Record<string, unknown> | undefined> {
    const response = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: { [keys.pk]: serviceConfigPartition, [keys.sk]: sk },
        ConsistentRead: true,
      }),
    );
    return response?.Item;
  }
}
