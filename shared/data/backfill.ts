// One-time backfills of index attributes that items written before an index existed lack (they get them on their
// next write anyway): GSI3 on open steps (the inbox's mine / unassigned), GSI4 and the departments (经办部门) on
// applications (the search); and the public notices (公示) of permits issued before notices existed. Query-based, never a Scan; idempotent (an item that has its keys is left alone, each
// write is conditioned on the version read) and resumable (a checkpoint after every page). Plumbing, not state
// changes: no audit event, like a task token's swap. Run by scripts/backfill-indexes.ts.
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Application, Step } from '#shared/model';
import {
  applicationKey,
  enterprisePartition,
  heldStepIndexKey,
  openStepsPartition,
  stepKey,
} from './keys.ts';
import { DynamoDbRepository, storedApplicationItems } from './repository.ts';
import { noticesOf, publicNoticeSchema, type NoticeContext } from '#shared/notices/model';
import { noticeItems } from './notice-keys.ts';
import { searchIndexKey } from './search-keys.ts';
import { indexes, keys } from './table.ts';

export interface BackfillTarget {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/** Where a backfill stopped: the partition it was in and the last key of the page it finished. */
export interface Checkpoint {
  partition: string;
  after?: Record<string, unknown>;
}

export interface BackfillResult {
  examined: number;
  updated: number;
}

export interface BackfillOptions {
  /** Resume here (the last checkpoint reported); partitions listed before it are taken as done. */
  from?: Checkpoint;
  /** Called after each page, with where to resume. */
  onCheckpoint?: (checkpoint: Checkpoint) => void | Promise<void>;
}

/** Pages through `partitions` of `index` in order, from a checkpoint, handing each page's items to `each`. */
async function forEachPage(
  target: BackfillTarget,
  index: { indexName: string; partitionKey: string },
  partitions: readonly string[],
  options: BackfillOptions,
  each: (items: Record<string, unknown>[]) => Promise<void>,
): Promise<void> {
  const start = options.from ? partitions.indexOf(options.from.partition) : 0;
  for (const partition of partitions.slice(Math.max(start, 0))) {
    let after = options.from?.partition === partition ? options.from.after : undefined;
    do {
      const page = await target.client.send(
        new QueryCommand({
          TableName: target.tableName,
          IndexName: index.indexName,
          KeyConditionExpression: '#ipk = :ipk',
          ExpressionAttributeNames: { '#ipk': index.partitionKey },
          ExpressionAttributeValues: { ':ipk': partition },
          ExclusiveStartKey: after,
        }),
      );
      await each(page.Items ?? []);
      after = page.LastEvaluatedKey;
      await options.onCheckpoint?.({ partition, ...(after ? { after } : {}) });
    } while (after);
  }
}

const skippedByRace = (error: unknown) => error instanceof ConditionalCheckFailedException;

/** Every application of `enterpriseIds` (through GSI1), by id, page by page from a checkpoint; counts each examined. */
async function forEachApplicationOf(
  target: BackfillTarget,
  enterpriseIds: readonly string[],
  options: BackfillOptions,
  result: BackfillResult,
  each: (applicationId: string) => Promise<void>,
): Promise<void> {
  await forEachPage(
    target,
    indexes.byEnterprise,
    enterpriseIds.map(enterprisePartition),
    options,
    async (items) => {
      for (const listed of items) {
        result.examined += 1;
        await each(String(listed.applicationId));
      }
    },
  );
}

/**
 * GSI3 on every open step of the departments (found through GSI2, which open steps had from the start): each step
 * without `gsi3pk` gets its holder partition and due-time sort key.
 */
export async function backfillHeldSteps(
  target: BackfillTarget,
  departments: readonly string[],
  options: BackfillOptions = {},
): Promise<BackfillResult> {
  const result: BackfillResult = { examined: 0, updated: 0 };
  await forEachPage(
    target,
    indexes.openStepsByDue,
    departments.map(openStepsPartition),
    options,
    async (items) => {
      for (const listed of items) {
        result.examined += 1;
        const key = stepKey(String(listed.applicationId), String(listed.stepId));
        const { Item } = await target.client.send(
          new GetCommand({ TableName: target.tableName, Key: key, ConsistentRead: true }),
        );
        if (!Item || Item[keys.gsi3pk] !== undefined) continue;
        const held = heldStepIndexKey(Item as unknown as Step);
        if (!held) continue; // closed meanwhile
        try {
          await target.client.send(
            new UpdateCommand({
              TableName: target.tableName,
              Key: key,
              UpdateExpression: 'SET #pk3 = :pk3, #sk3 = :sk3',
              ConditionExpression: '#version = :version AND attribute_not_exists(#pk3)',
              ExpressionAttributeNames: { '#pk3': keys.gsi3pk, '#sk3': keys.gsi3sk, '#version': 'version' },
              ExpressionAttributeValues: {
                ':pk3': held.gsi3pk,
                ':sk3': held.gsi3sk,
                ':version': Item.version,
              },
            }),
          );
          result.updated += 1;
        } catch (error) {
          if (!skippedByRace(error)) throw error; // rewritten meanwhile: its own write set the keys
        }
      }
    },
  );
  return result;
}

/**
 * GSI4 and `departments` on every application of the enterprises (found through GSI1; enterprises are named because
 * the table has no "every enterprise" pattern): the departments are those of its steps, in order of opening; the
 * search entries are written, then the application's keys, conditioned on its version.
 */
export async function backfillSearch(
  target: BackfillTarget,
  enterpriseIds: readonly string[],
  options: BackfillOptions = {},
): Promise<BackfillResult> {
  const repository = new DynamoDbRepository(target);
  const result: BackfillResult = { examined: 0, updated: 0 };
  await forEachApplicationOf(target, enterpriseIds, options, result, async (applicationId) => {
    const { application, steps } = await repository.getApplicationWithSteps(applicationId);
    const departments = [
      ...new Set(
        [...steps].sort((a, b) => (a.openedAt < b.openedAt ? -1 : 1)).map((step) => step.department),
      ),
    ];
    const next: Application = { ...application, ...(departments.length > 0 ? { departments } : {}) };
    const { Item } = await target.client.send(
      new GetCommand({
        TableName: target.tableName,
        Key: applicationKey(application.applicationId),
        ConsistentRead: true,
      }),
    );
    const wanted = searchIndexKey(next);
    const same =
      Item?.[keys.gsi4sk] === wanted.gsi4sk &&
      JSON.stringify(Item?.departments ?? []) === JSON.stringify(next.departments ?? []);
    if (!Item || same) return;
    // One transaction: the entries and the application's keys together, on the version read (a commit in
    // between rewrote both itself).
    try {
      await target.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: target.tableName,
                Key: applicationKey(application.applicationId),
                UpdateExpression:
                  'SET #pk4 = :pk4, #sk4 = :sk4' + (next.departments ? ', #departments = :departments' : ''),
                ConditionExpression: '#version = :version',
                ExpressionAttributeNames: {
                  '#pk4': keys.gsi4pk,
                  '#sk4': keys.gsi4sk,
                  '#version': 'version',
                  ...(next.departments ? { '#departments': 'departments' } : {}),
                },
                ExpressionAttributeValues: {
                  ':pk4': wanted.gsi4pk,
                  ':sk4': wanted.gsi4sk,
                  ':version': application.version,
                  ...(next.departments ? { ':departments': next.departments } : {}),
                },
              },
            },
            ...storedApplicationItems(next)
              .slice(1)
              .map((Item) => ({ Put: { TableName: target.tableName, Item } })),
          ],
        }),
      );
      result.updated += 1;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error; // changed meanwhile: its write did it
    }
  });
  return result;
}

/**
 * 公示: the notices of permits issued (and revoked) before notices existed, for every application of the enterprises
 * (through GSI1). Each notice item is Put only if absent, so a re-run, a resumed run or a race with a later
 * issuance writes each notice once; `contextOf` names the permits as the application's catalogue version does.
 */
export async function backfillNotices(
  target: BackfillTarget,
  enterpriseIds: readonly string[],
  contextOf: (application: Application) => NoticeContext | Promise<NoticeContext>,
  options: BackfillOptions = {},
): Promise<BackfillResult> {
  const repository = new DynamoDbRepository(target);
  const result: BackfillResult = { examined: 0, updated: 0 };
  await forEachApplicationOf(target, enterpriseIds, options, result, async (applicationId) => {
    const application = await repository.findApplication(applicationId);
    if (!application?.issuedAt || !application.permits?.length) return;
    const context = await contextOf(application);
    const notices = [
      ...noticesOf(application, 'issued', context),
      ...noticesOf(application, 'revoked', context),
    ].map((notice) => publicNoticeSchema.parse(notice));
    for (const notice of notices) {
      for (const { item } of noticeItems(notice)) {
        try {
          await target.client.send(
            new PutCommand({
              TableName: target.tableName,
              Item: item,
              ConditionExpression: 'attribute_not_exists(#pk)',
              ExpressionAttributeNames: { '#pk': keys.pk },
            }),
          );
          result.updated += 1;
        } catch (error) {
          if (!skippedByRace(error)) throw error; // published already
        }
      }
    }
  });
  return result;
}
