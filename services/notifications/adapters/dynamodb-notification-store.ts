// The notification centre and the people directory on the single table. Every write is conditional, so a
// redelivered event or a repeated click changes nothing:
//   INBOX#<userId> / N#<notificationId>           an in-app notification (id deterministic: event + person + kind)
//   INBOX#<userId> / UNREAD                        the unread count, kept in the same transaction as each change
//   INBOX#<userId> / D#<notificationId>#<channel>  an e-mail or SMS sending: claimed (with a lease), sent, failed
//   PERSON#<userId> / PROFILE                      contact data (directory); PREFS: the person's preferences
//   PEOPLE#<audience> / <userId>                   a copy of the profile per audience (enterprise, department,
//                                                  administrators): "who belongs to X" is one Query, no Scan
import { isDeepStrictEqual } from 'node:util';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { queryPage } from '#shared/data/paged-query';
import type { Page } from '#shared/data/ports';
import { Conflict } from '#shared/errors';
import { windowDepartment } from '#shared/model';
import {
  defaultPreferences,
  notificationSchema,
  personSchema,
  preferencesSchema,
  type MemberAudience,
  type Channel,
  type Notification,
  type Person,
  type Preferences,
} from '../core/model.ts';
import type { Directory, NotificationStore } from '../core/ports.ts';

const inbox = (userId: string) => `INBOX#${userId}`;
const notificationSk = (id: string) => `N#${id}`;
const deliverySk = (id: string, channel: Channel) => `D#${id}#${channel}`;
const unreadKey = (userId: string) => ({ pk: inbox(userId), sk: 'UNREAD' });
const personPk = (userId: string) => `PERSON#${userId}`;

const audiencePk = (audience: MemberAudience): string => {
  switch (audience.type) {
    case 'enterprise':
      return `PEOPLE#enterprise:${audience.enterpriseId}`;
    case 'department':
      return `PEOPLE#department:${audience.department}`;
    case 'administrators':
      return 'PEOPLE#administrators';
  }
};

/** The audiences a person belongs to: the window's "department" is its clerks. */
export function audiencesOf(person: Person): MemberAudience[] {
  switch (person.role) {
    case 'enterprise':
      return person.enterpriseId ? [{ type: 'enterprise', enterpriseId: person.enterpriseId }] : [];
    case 'window-clerk':
      return [{ type: 'department', department: windowDepartment }];
    case 'department-officer':
      return person.department ? [{ type: 'department', department: person.department }] : [];
    case 'administrator':
      return [{ type: 'administrators' }];
    case 'agency-officer':
      return []; // named on each application (agencyOfficerId)
  }
}

/** A sending claimed and not finished within this long is taken to have died: another attempt may send. */
const DELIVERY_LEASE_MS = 5 * 60_000;

const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed'));

export class DynamoDbNotificationStore implements NotificationStore, Directory {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async deliverInApp(notification: Notification): Promise<boolean> {
    const item = notificationSchema.parse(notification);
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: {
                  pk: inbox(item.userId),
                  sk: notificationSk(item.notificationId),
                  itemType: 'notification',
                  ...item,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.#table,
                Key: unreadKey(item.userId),
                UpdateExpression: 'ADD #count :one SET itemType = :type',
                ExpressionAttributeNames: { '#count': 'count' },
                ExpressionAttributeValues: { ':one': 1, ':type': 'notification-count' },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async claimDelivery(input: {
    userId: string;
    notificationId: string;
    channel: Channel;
    now: Date;
  }): Promise<boolean> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            pk: inbox(input.userId),
            sk: deliverySk(input.notificationId, input.channel),
            itemType: 'notification-delivery',
            status: 'sending',
            leaseUntil: new Date(input.now.getTime() + DELIVERY_LEASE_MS).toISOString(),
            claimedAt: input.now.toISOString(),
          },
          // New, or failed before, or claimed by an attempt that died (its lease ran out).
          ConditionExpression:
            'attribute_not_exists(pk) OR #status = :failed OR (#status = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':failed': 'failed',
            ':sending': 'sending',
            ':now': input.now.toISOString(),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async completeDelivery(input: {
    userId: string;
    notificationId: string;
    channel: Channel;
    now: Date;
    outcome: 'sent' | 'failed';
  }): Promise<void> {
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { pk: inbox(input.userId), sk: deliverySk(input.notificationId, input.channel) },
        UpdateExpression: 'SET #status = :outcome, finishedAt = :now REMOVE leaseUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':outcome': input.outcome, ':now': input.now.toISOString() },
      }),
    );
  }

  async list(
    userId: string,
    options: { limit?: number | undefined; cursor?: string | undefined; unreadOnly?: boolean | undefined },
  ): Promise<Page<Notification>> {
    const pk = inbox(userId);
    // Sealed like every cursor of the API (shared/data/paged-query.ts), to this person's own centre.
    const page = await queryPage(
      this.#client,
      this.#table,
      {
        input: {
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ...(options.unreadOnly ? { FilterExpression: 'attribute_not_exists(readAt)' } : {}),
          ExpressionAttributeValues: { ':pk': pk, ':prefix': 'N#' },
          ScanIndexForward: false,
        },
        cursorAttributes: ['pk', 'sk'],
        partition: { attribute: 'pk', value: pk },
        binding: { inbox: pk, unreadOnly: options.unreadOnly === true },
      },
      { limit: options.limit, cursor: options.cursor || undefined, caller: userId },
    );
    return { items: page.items.map(toNotification), ...(page.cursor ? { cursor: page.cursor } : {}) };
  }

  async markRead(userId: string, notificationId: string, at: Date): Promise<Notification | undefined> {
    const key = { pk: inbox(userId), sk: notificationSk(notificationId) };
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#table,
                Key: key,
                UpdateExpression: 'SET readAt = :at',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(readAt)',
                ExpressionAttributeValues: { ':at': at.toISOString() },
              },
            },
            {
              Update: {
                TableName: this.#table,
                Key: unreadKey(userId),
                UpdateExpression: 'ADD #count :minusOne',
                ExpressionAttributeNames: { '#count': 'count' },
                ExpressionAttributeValues: { ':minusOne': -1 },
              },
            },
          ],
        }),
      );
    } catch (error) {
      // Read already (a repeated click), or not this person's: the read below tells which.
      if (!isConditionFailure(error)) throw error;
    }
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: key, ConsistentRead: true }),
    );
    return Item ? toNotification(Item) : undefined;
  }

  async unreadCount(userId: string): Promise<number> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: unreadKey(userId), ConsistentRead: true }),
    );
    return typeof Item?.count === 'number' ? Math.max(0, Item.count) : 0;
  }

  async preferences(userId: string): Promise<{ preferences: Preferences; version: number }> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: personPk(userId), sk: 'PREFS' },
        ConsistentRead: true,
      }),
    );
    if (!Item) return { preferences: defaultPreferences, version: 0 };
    const parsed = preferencesSchema.safeParse(Item.preferences);
    return {
      preferences: parsed.success ? parsed.data : defaultPreferences,
      version: Number(Item.version) || 0,
    };
  }

  async savePreferences(userId: string, preferences: Preferences, expectedVersion: number): Promise<number> {
    const version = expectedVersion + 1;
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { pk: personPk(userId), sk: 'PREFS', itemType: 'preferences', preferences, version },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
          ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new Conflict('The preferences changed meanwhile', 'STALE_VERSION');
      throw error;
    }
    return version;
  }

  // -------------------------------------------------------------------------------------------------------
  // Directory

  async person(userId: string): Promise<Person | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { pk: personPk(userId), sk: 'PROFILE' } }),
    );
    return Item ? personSchema.parse(stripKeys(Item)) : undefined;
  }

  async members(audience: MemberAudience): Promise<Person[]> {
    const people: Person[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': audiencePk(audience) },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        // Someone who left this audience (see putPerson).
        if (item.withdrawn === true) continue;
        people.push(personSchema.parse(stripKeys(item)));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return people;
  }

  /**
   * Writes a person's contact data and audience entries in one transaction (seed, the Cognito trigger). Nothing
   * is written when the entry is already exactly this. An audience the person left (another department, a role
   * taken away) keeps its entry marked `withdrawn` (the table takes no deletes), which `members` leaves out.
   * @returns whether anything was written
   */
  async putPerson(input: Person): Promise<boolean> {
    const person = personSchema.parse(input);
    const previous = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: personPk(person.userId), sk: 'PROFILE' },
        ConsistentRead: true,
      }),
    );
    const before = previous.Item ? personSchema.safeParse(stripKeys(previous.Item)) : undefined;
    if (before?.success && isDeepStrictEqual(before.data, person)) return false;
    const now = audiencesOf(person).map(audiencePk);
    const left = before?.success
      ? audiencesOf(before.data)
          .map(audiencePk)
          .filter((pk) => !now.includes(pk))
      : [];
    await this.#client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.#table,
              Item: { pk: personPk(person.userId), sk: 'PROFILE', itemType: 'person', ...person },
            },
          },
          ...now.map((pk) => ({
            Put: {
              TableName: this.#table,
              Item: { pk, sk: person.userId, itemType: 'person-audience', ...person },
            },
          })),
          ...left.map((pk) => ({
            Put: {
              TableName: this.#table,
              Item: { pk, sk: person.userId, itemType: 'person-audience', ...person, withdrawn: true },
            },
          })),
        ],
      }),
    );
    return true;
  }
}

function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, itemType: _type, ...rest } = item;
  return rest;
}

function toNotification(item: Record<string, unknown>): Notification {
  return notificationSchema.parse(stripKeys(item));
}
