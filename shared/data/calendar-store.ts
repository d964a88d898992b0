// The calendar configuration in the single table, under one partition `CONFIG#calendar`: the head (`HEAD`: the
// revision every change bumps, the calendar version it produced, the version open deadlines were last
// recomputed with), one item per loaded year (`YEAR#<yyyy>`), one per local rest day (`LOCAL#<yyyy-mm-dd>`,
// kept inactive when removed) and the audit events (`EVT#<at>#<eventId>`). A change is one transaction
// conditioned on the head's revision. Nothing is deleted.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  PutCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { yearScheduleSchema } from '#shared/calendar/index';
import { keys } from '#shared/data/table';
import { latestConfigEvents } from './config-events.ts';
import { Conflict } from '#shared/errors';
import { writeConditioned } from './conditioned-write.ts';
import { calendarDateSchema, timestampSchema } from '#shared/model';
import {
  calendarAuditEventSchema,
  type CalendarAuditEvent,
  type CalendarConfig,
  type CalendarHead,
  type LoadedYear,
  type LocalRestDay,
} from '#shared/calendar/config';
import type { CalendarChange, CalendarConfigStore } from '#shared/calendar/config-store';

export const calendarPartition = 'CONFIG#calendar';
export const calendarSortKeys = {
  head: 'HEAD',
  year: (year: number) => `YEAR#${year}`,
  localRestDay: (date: string) => `LOCAL#${date}`,
  event: (event: Pick<CalendarAuditEvent, 'at' | 'eventId'>) => `EVT#${event.at}#${event.eventId}`,
} as const;

const headSchema = z.object({
  revision: z.number().int().min(0),
  calendarVersion: z.string().optional(),
  updatedAt: timestampSchema.optional(),
  recomputedVersion: z.string().optional(),
});
const loadedYearSchema = z.object({
  schedule: yearScheduleSchema,
  loadedBy: z.string(),
  loadedAt: timestampSchema,
});
const localRestDaySchema = z.object({
  date: calendarDateSchema,
  active: z.boolean(),
  note: z.string().optional(),
  changedBy: z.string(),
  changedAt: timestampSchema,
});

export interface DynamoDbCalendarStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

export class DynamoDbCalendarStore implements CalendarConfigStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor({ client, tableName }: DynamoDbCalendarStoreOptions) {
    this.#client = client;
    this.#tableName = tableName;
  }

  async head(): Promise<CalendarHead> {
    const response = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: { [keys.pk]: calendarPartition, [keys.sk]: calendarSortKeys.head },
        ConsistentRead: true,
      }),
    );
    const item = response?.Item;
    if (!item) return { revision: 0 };
    // A head that does not parse is a broken table, not an empty one: say so loudly.
    const head = headSchema.parse(item);
    return {
      revision: head.revision,
      ...(head.calendarVersion ? { calendarVersion: head.calendarVersion } : {}),
      ...(head.updatedAt ? { updatedAt: head.updatedAt } : {}),
      ...(head.recomputedVersion ? { recomputedVersion: head.recomputedVersion } : {}),
    };
  }

  async load(): Promise<CalendarConfig> {
    const [head, years, days] = await Promise.all([
      this.head(),
      this.#queryAll({ prefix: 'YEAR#' }),
      this.#queryAll({ prefix: 'LOCAL#' }),
    ]);
    return {
      head,
      years: years.map((item) => loadedYearSchema.parse(item) as LoadedYear),
      localRestDays: days.map((item) => {
        const day = localRestDaySchema.parse(item);
        return { ...day, ...(day.note === undefined ? {} : { note: day.note }) } as LocalRestDay;
      }),
    };
  }

  async write(change: CalendarChange): Promise<CalendarHead> {
    const revision = change.expectedRevision + 1;
    const actions: NonNullable<TransactWriteCommandInput['TransactItems']> = [
      {
        Update: {
          TableName: this.#tableName,
          Key: { [keys.pk]: calendarPartition, [keys.sk]: calendarSortKeys.head },
          UpdateExpression:
            'SET #revision = :revision, #version = :version, #updatedAt = :at, #itemType = :itemType',
          ConditionExpression:
            change.expectedRevision === 0
              ? 'attribute_not_exists(#pk) OR #revision = :expected'
              : '#revision = :expected',
          ExpressionAttributeNames: {
            ...(change.expectedRevision === 0 ? { '#pk': keys.pk } : {}),
            '#revision': 'revision',
            '#version': 'calendarVersion',
            '#updatedAt': 'updatedAt',
            '#itemType': 'itemType',
          },
          ExpressionAttributeValues: {
            ':revision': revision,
            ':expected': change.expectedRevision,
            ':version': change.calendarVersion,
            ':at': change.at,
            ':itemType': 'config',
          },
        },
      },
    ];
    if (change.year) {
      actions.push({
        Put: {
          TableName: this.#tableName,
          Item: {
            [keys.pk]: calendarPartition,
            [keys.sk]: calendarSortKeys.year(change.year.schedule.year),
            itemType: 'config',
            ...change.year,
          },
        },
      });
    }
    for (const day of change.localRestDays ?? []) {
      actions.push({
        Put: {
          TableName: this.#tableName,
          Item: {
            [keys.pk]: calendarPartition,
            [keys.sk]: calendarSortKeys.localRestDay(day.date),
            itemType: 'config',
            ...day,
          },
        },
      });
    }
    actions.push(this.#eventPut(change.event));
    await writeConditioned(
      this.#client,
      actions,
      () =>
        new Conflict(
          'The calendar was changed by someone else meanwhile; reload and try again',
          'STALE_VERSION',
        ),
    );
    return { revision, calendarVersion: change.calendarVersion, updatedAt: change.at };
  }

  async markRecomputed(
    revision: number,
    calendarVersion: string,
    event: CalendarAuditEvent,
  ): Promise<boolean> {
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#tableName,
                Key: { [keys.pk]: calendarPartition, [keys.sk]: calendarSortKeys.head },
                UpdateExpression:
                  'SET #recomputed = :version, #revision = if_not_exists(#revision, :zero), #itemType = :itemType',
                // Once per version: two sweeps finishing together record it once.
                ConditionExpression:
                  (revision === 0
                    ? '(attribute_not_exists(#pk) OR #revision = :expected)'
                    : '#revision = :expected') +
                  ' AND (attribute_not_exists(#recomputed) OR #recomputed <> :version)',
                ExpressionAttributeNames: {
                  ...(revision === 0 ? { '#pk': keys.pk } : {}),
                  '#recomputed': 'recomputedVersion',
                  '#revision': 'revision',
                  '#itemType': 'itemType',
                },
                ExpressionAttributeValues: {
                  ':version': calendarVersion,
                  ':expected': revision,
                  ':zero': 0,
                  ':itemType': 'config',
                },
              },
            },
            this.#eventPut(event),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }

  async appendEvent(event: CalendarAuditEvent): Promise<void> {
    try {
      await this.#client.send(new PutCommand(this.#eventPut(event).Put!));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new Conflict('The event exists already', 'ALREADY_EXISTS');
      }
      throw error;
    }
  }

  async listEvents(limit: number): Promise<CalendarAuditEvent[]> {
    const items = await latestConfigEvents(this.#client, this.#tableName, calendarPartition, limit);
    return items.map((item) => calendarAuditEventSchema.parse(stripStorage(item)));
  }

  #eventPut(event: CalendarAuditEvent) {
    const checked = calendarAuditEventSchema.parse(event);
    return {
      Put: {
        TableName: this.#tableName,
        Item: {
          [keys.pk]: calendarPartition,
          [keys.sk]: calendarSortKeys.event(checked),
          itemType: 'config-event',
          ...checked,
        },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': keys.pk },
      },
    };
  }

  async #queryAll({ prefix }: { prefix: string }): Promise<Record<string, unknown>[]> {
    const input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'> = {
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': keys.pk, '#sk': keys.sk },
      ExpressionAttributeValues: { ':pk': calendarPartition, ':prefix': prefix },
      ConsistentRead: true,
    };
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({ ...input, TableName: this.#tableName, ExclusiveStartKey: startKey }),
      );
      items.push(...(page?.Items ?? []).map(stripStorage));
      startKey = page?.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}

function stripStorage(item: Record<string, unknown>): Record<string, unknown> {
  const { [keys.pk]: _pk, [keys.sk]: _sk, itemType: _type, ...rest } = item;
  return rest;
}
