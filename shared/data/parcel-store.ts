// The standard-land parcels register in the single table, under one partition `CONFIG#parcels`: one item per
// parcel (`PARCEL#<parcelId>`, versioned, written conditioned on its version) and the register's audit events
// (`EVT#<at>#<eventId>`, append-only). Listing the register is one Query; nothing is deleted.
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '#shared/data/table';
import { Conflict } from '#shared/errors';
import { writeConditioned } from './conditioned-write.ts';
import { parcelSchema, type Parcel } from '#shared/parcels/parcel';
import type { ParcelEvent, ParcelRegister } from '#shared/parcels/store';

export const parcelPartition = 'CONFIG#parcels';
export const parcelSortKeys = {
  parcel: (parcelId: string) => `PARCEL#${parcelId}`,
  event: (event: Pick<ParcelEvent, 'at' | 'eventId'>) => `EVT#${event.at}#${event.eventId}`,
} as const;

const strip = (item: Record<string, unknown>) => {
  const { [keys.pk]: _pk, [keys.sk]: _sk, itemType: _type, ...rest } = item;
  return rest;
};

export class DynamoDbParcelRegister implements ParcelRegister {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = client;
    this.#tableName = tableName;
  }

  async get(parcelId: string): Promise<Parcel | undefined> {
    const response = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: { [keys.pk]: parcelPartition, [keys.sk]: parcelSortKeys.parcel(parcelId) },
        ConsistentRead: true,
      }),
    );
    return response?.Item ? parcelSchema.parse(strip(response.Item)) : undefined;
  }

  async list(): Promise<Parcel[]> {
    const parcels: Parcel[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const response = await this.#client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': keys.pk, '#sk': keys.sk },
          ExpressionAttributeValues: { ':pk': parcelPartition, ':prefix': 'PARCEL#' },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of response?.Items ?? []) parcels.push(parcelSchema.parse(strip(item)));
      startKey = response?.LastEvaluatedKey;
    } while (startKey);
    return parcels;
  }

  async put(parcel: Parcel, expectedVersion: number | undefined, event: ParcelEvent): Promise<Parcel> {
    const checked = parcelSchema.parse(parcel);
    const condition: {
      ConditionExpression: string;
      ExpressionAttributeNames: Record<string, string>;
      ExpressionAttributeValues?: Record<string, unknown>;
    } =
      expectedVersion === undefined
        ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': keys.pk } }
        : {
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': expectedVersion },
          };
    await writeConditioned(
      this.#client,
      [
        {
          Put: {
            TableName: this.#tableName,
            Item: {
              [keys.pk]: parcelPartition,
              [keys.sk]: parcelSortKeys.parcel(checked.parcelId),
              itemType: 'config',
              ...checked,
            },
            ...condition,
          },
        },
        {
          Put: {
            TableName: this.#tableName,
            Item: {
              [keys.pk]: parcelPartition,
              [keys.sk]: parcelSortKeys.event(event),
              itemType: 'config-event',
              ...event,
            },
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': keys.pk },
          },
        },
      ],
      () =>
        expectedVersion === undefined
          ? new Conflict(`Parcel ${checked.parcelId} is registered already`, 'ALREADY_EXISTS')
          : new Conflict(
              `Parcel ${checked.parcelId} was changed meanwhile; reload and try again`,
              'STALE_VERSION',
            ),
    );
    return checked;
  }
}
