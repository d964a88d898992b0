// The application repository on the single DynamoDB table (the port is ./ports.ts): every read of applications,
// steps, timelines and counters, `commit`, the one way to write a state change (changed items + audit events +
// counters in one conditional transaction), and the one write that is no state change (a step's task token).
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { Conflict, NotFound, ValidationError } from '#shared/errors';
import {
  absenceSchema,
  applicationIdSchema,
  applicationSchema,
  auditEventSchema,
  calendarDateSchema,
  departmentIdSchema,
  enterpriseIdSchema,
  monthSchema,
  stepSchema,
  timestampSchema,
  userIdSchema,
  type Absence,
  type Application,
  type AuditEvent,
  type Step,
  supervisionOrderSchema,
  type SupervisionOrder,
  ratingSchema,
  ratingFollowUpSchema,
  type Rating,
  type RatingFollowUp,
} from '#shared/model';
import { cursorBinding, openValue, sealValue } from './cursor.ts';
import { cursorKey } from './cursor-key.ts';
import { queryPage } from './paged-query.ts';
import { dailyDigestEventSchema, digestKeyOf, type DailyDigestEvent } from '#shared/outbox/envelope';
import type {
  ApplicationRepository,
  ApplicationRecord,
  ApplicationWithSteps,
  Change,
  Committed,
  CounterIncrement,
  CounterRow,
  NoticeQuery,
  OpenStepsOptions,
  Page,
  PageFilter,
  PageOptions,
  StateItem,
} from './ports.ts';
import {
  absenceKey,
  absenceSortKeyPrefix,
  acceptanceAttribute,
  applicationKey,
  applicationPartition,
  applicationSortKey,
  counterKey,
  counterPartition,
  documentSortKeyPrefix,
  enterpriseIndexKey,
  enterprisePartition,
  escalationBoardIndexKey,
  escalationBoardPartition,
  heldStepIndexKey,
  heldStepsPartition,
  officerPartition,
  unassignedHolder,
  eventKey,
  eventSortKeyPrefix,
  itemTypeAttribute,
  openGapsIndexKey,
  openGapsPartition,
  openStepIndexKey,
  openStepsPartition,
  reminderKey,
  reminderSortKeyPrefix,
  stepKey,
  stepSortKeyPrefix,
  storageAttributes,
  supervisionIndexKey,
  ratingKey,
  ratingFollowUpKey,
  ratingFollowUpIndexKey,
  openRatingFollowUpsPartition,
  supervisionKey,
  supervisionSortKeyPrefix,
  unansweredSupervisionPartition,
  type ItemType,
  type PrimaryKey,
} from './keys.ts';
import { indexes, keys, type IndexDefinition } from './table.ts';
import { searchEntries, searchIndexKey } from './search-keys.ts';
import { storable } from './storable.ts';
import { publicNoticeSchema, type PublicNotice } from '#shared/notices/model';
import {
  acceptanceFoldSchema,
  foldAcceptance,
  intakeStepSortKeyPrefix,
  mayAwaitAcceptance,
} from './acceptance-fold.ts';
import { allNoticesPartition, departmentNoticesPartition, noticeItems } from './notice-keys.ts';
import { normalizeName } from './search-keys.ts';

export type * from './ports.ts';

export interface RepositoryOptions {
  /** Built by `createDocumentClient`; tests and handlers pass their own. */
  client: DynamoDBDocumentClient;
  tableName: string;
}

/** 公示: notices read per call at most when filtering by kind or text (~0.5 KB each: ≤ 32 RCU eventually consistent). */
const noticesExaminedPerCall = 500;
/** DynamoDB's limit on actions in one transaction. */
const maxTransactionActions = 100;
/** Our own retries when DynamoDB cancels a transaction because another one holds an item. */
const maxConflictRetries = 3;

const dimensionSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-z0-9][a-z0-9:_-]*$/, 'counter dimension must be lower-case letters, digits, ":", "_", "-"');
const counterPrefixSchema = z
  .string()
  .max(128)
  .regex(/^[a-z0-9:_-]*$/, 'counter prefix must be lower-case letters, digits, ":", "_", "-"');
const counterNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/)
  .refine(
    (name) => !storageAttributes.includes(name) && !['dimension', 'month'].includes(name),
    'reserved name',
  );
const counterIncrementSchema = z.strictObject({
  dimension: dimensionSchema,
  month: monthSchema,
  add: z.record(counterNameSchema, z.number().finite()),
});

const failApplicationSchema = z.strictObject({
  applicationId: applicationIdSchema,
  version: z.number().int().min(1),
  at: timestampSchema,
});

/** `index`: an unconditional Put of a search entry (search-keys.ts), rewritten with its application. */
export type ActionKind = 'create' | 'update' | 'event' | 'counter' | 'index';

export class DynamoDbRepository implements ApplicationRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor({ client, tableName }: RepositoryOptions) {
    this.#client = client;
    this.#tableName = tableName;
  }

  // -------------------------------------------------------------------------------------------- reads

  /**
   * @param options.consistent `false` for readers that can live with a second-old state (reports): half the
   *   read capacity. @default true
   */
  async findApplication(
    applicationId: string,
    options: { consistent?: boolean } = {},
  ): Promise<Application | undefined> {
    const consistent = options.consistent ?? true;
    const stored = await this.#storedApplication(applicationId, consistent);
    if (!stored || !mayAwaitAcceptance(stored)) return stored;
    return foldAcceptance(stored, await this.#intakeStepItems(applicationId, consistent));
  }

  async #storedApplication(applicationId: string, consistent = true): Promise<Application | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: applicationKey(applicationId),
        ConsistentRead: consistent,
      }),
    );
    return Item ? (fromItem(Item) as Application) : undefined;
  }

  /** The intake step items as stored (with an acceptance they may carry): a Query of a handful of items. */
  #intakeStepItems(applicationId: string, consistent = true): Promise<Record<string, unknown>[]> {
    return this.#itemsWithPrefix(applicationPartition(applicationId), intakeStepSortKeyPrefix, {
      consistent,
      asStored: true,
    });
  }

  /** @throws NotFound */
  async getApplication(applicationId: string): Promise<Application> {
    const application = await this.findApplication(applicationId);
    if (!application) throw new NotFound(`Application ${applicationId} not found`);
    return application;
  }

  /**
   * The application and all its steps. Two strongly consistent reads, not one snapshot: a change racing
   * between them is caught later by the version conditions of `commit`.
   * @throws NotFound
   */
  async getApplicationWithSteps(applicationId: string): Promise<ApplicationWithSteps> {
    const [stored, stepItems] = await Promise.all([
      this.#storedApplication(applicationId),
      this.#itemsWithPrefix(applicationPartition(applicationId), stepSortKeyPrefix, { asStored: true }),
    ]);
    if (!stored) throw new NotFound(`Application ${applicationId} not found`);
    return { application: foldAcceptance(stored, stepItems), steps: stepItems.map(fromItem) as Step[] };
  }

  /**
   * The application, its steps and its timeline from ONE strongly consistent Query of its partition, a snapshot
   * of all three in one round trip (the application read with `getApplicationWithSteps` and `getTimeline` took
   * three requests in two rounds). The sort keys from `A` to the last `STEP#` hold the application (`A`), its
   * document versions (`DOC#`), its events (`EVT#`), reminder markers (`REMIND#`) and its steps (`STEP#`); the
   * few document and reminder items read on the way are left aside, supervision orders (`SUPV#`) lie beyond.
   * @throws NotFound
   */
  async getApplicationRecord(applicationId: string): Promise<ApplicationRecord> {
    const items = await this.#queryAll(
      {
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :first AND :last',
        ExpressionAttributeNames: { '#pk': keys.pk, '#sk': keys.sk },
        ExpressionAttributeValues: {
          ':pk': applicationPartition(applicationId),
          ':first': applicationSortKey,
          ':last': `${stepSortKeyPrefix}\uffff`,
        },
        ConsistentRead: true,
      },
      true,
    );
    let application: Application | undefined;
    const stepItems: Record<string, unknown>[] = [];
    const timeline: AuditEvent[] = [];
    for (const item of items) {
      const sk = item[keys.sk] as string;
      if (sk === applicationSortKey) application = fromItem(item) as Application;
      else if (sk.startsWith(stepSortKeyPrefix)) stepItems.push(item);
      else if (sk.startsWith(eventSortKeyPrefix)) timeline.push(fromItem(item) as AuditEvent);
    }
    if (!application) throw new NotFound(`Application ${applicationId} not found`);
    return {
      application: foldAcceptance(application, stepItems),
      steps: stepItems.map(fromItem) as Step[],
      timeline,
    };
  }

  async findStep(applicationId: string, stepId: string): Promise<Step | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: stepKey(applicationId, stepId),
        ConsistentRead: true,
      }),
    );
    return Item ? (fromItem(Item) as Step) : undefined;
  }

  /** @throws NotFound */
  async getStep(applicationId: string, stepId: string): Promise<Step> {
    const step = await this.findStep(applicationId, stepId);
    if (!step) throw new NotFound(`Step ${stepId} of application ${applicationId} not found`);
    return step;
  }

  /** Every audit event of the application, oldest first (empty when there is none). */
  async getTimeline(applicationId: string): Promise<AuditEvent[]> {
    const events = await this.#itemsWithPrefix(applicationPartition(applicationId), eventSortKeyPrefix);
    return events as AuditEvent[];
  }

  /**
   * The enterprise's applications, newest first (GSI1; eventually consistent). With `filter`, only those it
   * keeps, and the cursor continues after the last one returned (see #page).
   */
  async listByEnterprise(
    enterpriseId: string,
    options: PageOptions = {},
    filter?: PageFilter<Application>,
  ): Promise<Page<Application>> {
    parseArgument(enterpriseIdSchema, enterpriseId, 'enterpriseId');
    return this.#pageOfPartition(
      indexes.byEnterprise,
      enterprisePartition(enterpriseId),
      false,
      options,
      filter as PageFilter<Record<string, unknown>> | undefined,
    ) as Promise<Page<Application>>;
  }

  /**
   * Seals a position of a caller's own making (a listing across several partitions) like a cursor, bound to
   * `binding` and the caller. @see openPosition
   */
  async sealPosition(position: Record<string, string>, binding: string, caller?: string): Promise<string> {
    return sealValue(position, cursorBinding(binding, caller), await cursorKey());
  }

  /** @throws ValidationError `INVALID_CURSOR` for anything but an untouched position sealed for this binding */
  async openPosition(cursor: string, binding: string, caller?: string): Promise<Record<string, string>> {
    return openValue(cursor, cursorBinding(binding, caller), await cursorKey());
  }

  /**
   * The department's open steps, earliest due first (GSI2; eventually consistent, so a step closed a moment
   * ago may still show). Steps without a due instant come last and never match `dueBefore`.
   */
  async listOpenSteps(department: string, options: OpenStepsOptions = {}): Promise<Page<Step>> {
    parseArgument(departmentIdSchema, department, 'department');
    if (options.dueBefore !== undefined) parseArgument(timestampSchema, options.dueBefore, 'dueBefore');
    if (options.dueFrom !== undefined) {
      parseArgument(timestampSchema, options.dueFrom, 'dueFrom');
      if (options.dueBefore === undefined) throw new Error('dueFrom goes with dueBefore');
    }
    const partition = openStepsPartition(department);
    const index = indexes.openStepsByDue;
    const dueBefore = options.dueBefore !== undefined;
    // Sort keys are `<dueAt>#<applicationId>#<stepId>`: none equals a bare instant, so BETWEEN from AND before
    // keeps exactly from <= dueAt < before.
    const range = dueBefore && options.dueFrom !== undefined;
    return this.#page(
      {
        IndexName: index.indexName,
        KeyConditionExpression: range
          ? '#ipk = :ipk AND #isk BETWEEN :from AND :before'
          : dueBefore
            ? '#ipk = :ipk AND #isk < :before'
            : '#ipk = :ipk',
        ExpressionAttributeNames: {
          '#ipk': index.partitionKey,
          ...(dueBefore ? { '#isk': index.sortKey } : {}),
        },
        ExpressionAttributeValues: {
          ':ipk': partition,
          ...(dueBefore ? { ':before': options.dueBefore } : {}),
          ...(range ? { ':from': options.dueFrom } : {}),
        },
        ScanIndexForward: true,
      },
      options,
      [keys.pk, keys.sk, index.partitionKey, index.sortKey],
      { attribute: index.partitionKey, value: partition },
    ) as Promise<Page<Step>>;
  }

  /**
   * The department's open steps held by one officer, or by nobody (`holder` undefined), earliest due first
   * (GSI3; eventually consistent): the inbox's "mine" and "unassigned" views.
   */
  async listHeldSteps(
    department: string,
    holder: string | undefined,
    options: PageOptions = {},
  ): Promise<Page<Step>> {
    parseArgument(departmentIdSchema, department, 'department');
    if (holder !== undefined) parseArgument(userIdSchema, holder, 'assignee');
    return this.#pageOfPartition(
      indexes.openStepsByHolder,
      heldStepsPartition(department, holder ?? unassignedHolder),
      true,
      options,
    ) as Promise<Page<Step>>;
  }

  /** See the port. `gsi1sk` is `<escalatedAt>#…`, so BETWEEN from AND to keeps `[from, to)`. */
  async listEscalatedBetween(from: string, to: string): Promise<Step[]> {
    const index = indexes.byEnterprise;
    const items = await this.#queryAll({
      IndexName: index.indexName,
      KeyConditionExpression: '#ipk = :ipk AND #isk BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#ipk': index.partitionKey, '#isk': index.sortKey },
      ExpressionAttributeValues: { ':ipk': escalationBoardPartition, ':from': from, ':to': to },
    });
    return items as Step[];
  }

  /** See the port. */
  async hasDailyDigest(date: string): Promise<boolean> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: digestKeyOf(date), ConsistentRead: true }),
    );
    return Item !== undefined;
  }

  /** See the port: a conditional Put, so two sweeps (or a retry) record one digest and the outbox one event. */
  async recordDailyDigest(digest: DailyDigestEvent): Promise<boolean> {
    const item = dailyDigestEventSchema.parse(digest);
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: { ...item, ...digestKeyOf(item.date), [itemTypeAttribute]: 'digest' satisfies ItemType },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** The markers of the reminders recorded for an application (consistent; a handful of small items). */
  async listReminders(applicationId: string): Promise<string[]> {
    const items = await this.#itemsWithPrefix(applicationPartition(applicationId), reminderSortKeyPrefix);
    return items.map((item) => String(item.marker));
  }

  /**
   * 容缺: applications with an open tolerated gap due on or before `dueOnOrBefore` (a calendar date), earliest
   * first (GSI2 partition `GAPS#open`; eventually consistent: read the application itself before acting).
   */
  async listApplicationsWithOpenGaps(
    options: PageOptions & { dueOnOrBefore: string },
  ): Promise<Page<Pick<Application, 'applicationId'>>> {
    parseArgument(calendarDateSchema, options.dueOnOrBefore, 'dueOnOrBefore');
    const index = indexes.openStepsByDue;
    const page = await this.#page(
      {
        IndexName: index.indexName,
        // Sort keys are `<dueOn>#<applicationId>`; '$' follows '#', so every key of that day is below it.
        KeyConditionExpression: '#ipk = :ipk AND #isk < :before',
        ExpressionAttributeNames: { '#ipk': index.partitionKey, '#isk': index.sortKey },
        ExpressionAttributeValues: { ':ipk': openGapsPartition, ':before': `${options.dueOnOrBefore}$` },
        ScanIndexForward: true,
      },
      options,
      [keys.pk, keys.sk, index.partitionKey, index.sortKey],
      { attribute: index.partitionKey, value: openGapsPartition },
    );
    return {
      items: page.items.map((item) => ({ applicationId: String(item.applicationId) })),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    };
  }

  /**
   * 督办: the escalated steps still open, oldest escalation first (GSI1 partition `BOARD#escalations`;
   * eventually consistent). The administrators' board, without a Scan.
   */
  async listEscalatedSteps(options: PageOptions = {}): Promise<Page<Step>> {
    return this.#pageOfPartition(indexes.byEnterprise, escalationBoardPartition, true, options) as Promise<
      Page<Step>
    >;
  }

  /** One page of a whole index partition, in sort-key order (or reversed); the cursor is bound to it. */
  #pageOfPartition(
    index: IndexDefinition,
    partition: string,
    forward: boolean,
    options: PageOptions,
    filter?: PageFilter<Record<string, unknown>>,
    withKeys = false,
  ): Promise<Page<Record<string, unknown>>> {
    return this.#page(
      {
        IndexName: index.indexName,
        KeyConditionExpression: '#ipk = :ipk',
        ExpressionAttributeNames: { '#ipk': index.partitionKey },
        ExpressionAttributeValues: { ':ipk': partition },
        ScanIndexForward: forward,
      },
      options,
      [keys.pk, keys.sk, index.partitionKey, index.sortKey],
      { attribute: index.partitionKey, value: partition },
      filter,
      withKeys,
    );
  }

  /**
   * 公示: the notices of every department or of one, newest first, from their own partition (eventually
   * consistent). `kind` and `q` are applied while paging, at most `noticesExaminedPerCall` notices read per call:
   * a rare match comes back as a short page with a cursor. The cursor is bound to the filters.
   */
  async listNotices(query: NoticeQuery, options: PageOptions = {}): Promise<Page<PublicNotice>> {
    const partition =
      query.department === undefined ? allNoticesPartition : departmentNoticesPartition(query.department);
    const q = query.q === undefined ? '' : normalizeName(query.q);
    const filtered = query.kind !== undefined || q !== '';
    const page = await this.#page(
      {
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': keys.pk },
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
      },
      // Public readers have no identity: the cursor is bound to the filters instead.
      { ...options, caller: JSON.stringify({ notices: { kind: query.kind ?? null, q } }) },
      [keys.pk, keys.sk],
      { attribute: keys.pk, value: partition },
      filtered
        ? {
            keep: (item) =>
              (query.kind === undefined || item.kind === query.kind) &&
              [item.certificateNo, item.projectName, item.enterprise].some((field) =>
                normalizeName(String(field)).includes(q),
              ),
            maxExamined: noticesExaminedPerCall,
          }
        : undefined,
    );
    return { ...page, items: page.items.map((item) => publicNoticeSchema.parse(item)) };
  }

  /** The figures of one dimension and month; `{}` when nothing was counted yet. */
  async getCounters(dimension: string, month: string): Promise<Record<string, number>> {
    parseArgument(dimensionSchema, dimension, 'dimension');
    parseArgument(monthSchema, month, 'month');
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: counterKey(dimension, month), ConsistentRead: true }),
    );
    return Item ? countersOf(Item) : {};
  }

  /**
   * Every dimension counted in the month (optionally only those whose name starts with `prefix`), by
   * dimension name: one Query on the month's partition, so its cost follows the number of dimensions, never
   * the number of applications. Eventually consistent: a report may miss a decision of the last second.
   */
  async listCounters(month: string, options: { prefix?: string } = {}): Promise<CounterRow[]> {
    parseArgument(monthSchema, month, 'month');
    if (options.prefix !== undefined) parseArgument(counterPrefixSchema, options.prefix, 'prefix');
    const prefix = options.prefix ?? '';
    const items = await this.#queryAll({
      KeyConditionExpression: prefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
      ExpressionAttributeNames: { '#pk': keys.pk, ...(prefix ? { '#sk': keys.sk } : {}) },
      ExpressionAttributeValues: { ':pk': counterPartition(month), ...(prefix ? { ':prefix': prefix } : {}) },
    });
    return items.map((item) => ({
      dimension: String(item.dimension),
      month,
      counters: countersOf(item),
    }));
  }

  // -------------------------------------------------------------------------------------------- write

  /**
   * Writes a state change atomically: new items (must not exist), updated items (their version must be
   * unchanged; stored with version + 1), the audit events (append-only) and counter increments, in one
   * TransactWriteItems. Nothing is written when any condition fails.
   *
   * @throws Conflict `STALE_VERSION` when an updated item changed (or vanished) since it was read
   * @throws Conflict `ALREADY_EXISTS` when a new item or event exists already (a replayed task, a duplicate)
   */
  async commit<const C extends readonly StateItem[] = [], const U extends readonly StateItem[] = []>(
    change: Change<C, U>,
  ): Promise<Committed<C, U>> {
    if (change.events.length === 0) {
      throw new Error('A state change is written together with its audit event(s)');
    }
    const created = (change.create ?? []).map((item) => ({ ...validState(item), version: 1 }));
    const updated = (change.update ?? []).map((item) => ({ ...validState(item), version: item.version + 1 }));
    const acceptance = change.acceptance && acceptedOnStep(change.acceptance, created, updated);
    const events = change.events.map((event) => auditEventSchema.parse(event));
    const counters = mergeCounters(change.counters ?? []);

    const actions: NonNullable<TransactWriteCommandInput['TransactItems']> = [];
    const kinds: ActionKind[] = [];
    const seen = new Set<string>();
    const add = (kind: ActionKind, key: PrimaryKey, action: (typeof actions)[number]) => {
      const id = `${key.pk}|${key.sk}`;
      if (seen.has(id)) throw new Error(`A transaction may touch ${id} only once`);
      seen.add(id);
      kinds.push(kind);
      actions.push(action);
    };

    // The two conditions every Put of a commit carries: a new item must not exist; a rewritten one (a whole-item Put,
    // so index attributes the new state no longer has disappear) must still be at the version read.
    const putIfAbsent = (item: Record<string, unknown>) => ({
      Put: {
        TableName: this.#tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': keys.pk },
      },
    });
    const putAtVersion = (item: Record<string, unknown>, expected: number) => ({
      Put: {
        TableName: this.#tableName,
        Item: item,
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': expected },
      },
    });
    /** Versioned items beside the aggregate (督办单, 差评整改): new ones at version 1, updates at the version read + 1. */
    const versioned = <T extends { version: number }>(
      writes: { create?: readonly T[]; update?: readonly T[] } | undefined,
      stored: (item: T) => { key: PrimaryKey; item: Record<string, unknown> },
    ) => {
      for (const written of writes?.create ?? []) {
        const { key, item } = stored({ ...written, version: 1 });
        add('create', key, putIfAbsent(item));
      }
      for (const written of writes?.update ?? []) {
        const { key, item } = stored({ ...written, version: written.version + 1 });
        add('update', key, putAtVersion(item, written.version));
      }
    };

    for (const item of created) {
      const stored = toStateItem(item);
      add('create', stored.key, putIfAbsent(stored.item));
    }
    for (const item of updated) {
      const stored = toStateItem(item);
      if (acceptance && isStep(item)) stored.item[acceptanceAttribute] = acceptance;
      add('update', stored.key, putAtVersion(stored.item, item.version - 1));
    }
    for (const step of change.unchanged ?? []) {
      const key = stepKey(step.applicationId, step.stepId);
      add('update', key, {
        ConditionCheck: {
          TableName: this.#tableName,
          Key: key,
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': step.version },
        },
      });
    }
    if (change.failApplication !== undefined) {
      const failing = failApplicationSchema.parse(change.failApplication);
      const key = applicationKey(failing.applicationId);
      add('update', key, {
        Update: {
          TableName: this.#tableName,
          Key: key,
          UpdateExpression: 'SET #status = :failed, #updatedAt = :at, #version = :next',
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#status': 'status', '#updatedAt': 'updatedAt', '#version': 'version' },
          ExpressionAttributeValues: {
            ':failed': 'failed' satisfies Application['status'],
            ':at': failing.at,
            ':next': failing.version + 1,
            ':expected': failing.version,
          },
        },
      });
    }
    for (const application of [...created, ...updated].filter((item) => !isStep(item))) {
      for (const entry of searchEntries(application as Application)) {
        add('index', entry.key, this.#searchEntryPut(entry));
      }
    }
    for (const event of events) {
      add('event', eventKey(event), putIfAbsent(eventItem(event)));
    }
    for (const reminder of change.reminders ?? []) {
      const key = reminderKey(reminder.applicationId, reminder.marker);
      // Once: a second sweep (or a retry after a crash) finds it and records nothing, event included.
      add(
        'event',
        key,
        putIfAbsent({ ...key, ...reminder, [itemTypeAttribute]: 'reminder' satisfies ItemType }),
      );
    }
    // The answered order loses its GSI2 keys (off the board and the sweeper's list).
    versioned(change.supervisionOrders, (order) => {
      const item = supervisionOrderSchema.parse(order);
      const key = supervisionKey(item.applicationId, item.orderId);
      return {
        key,
        item: {
          ...item,
          ...key,
          ...supervisionIndexKey(item),
          [itemTypeAttribute]: 'supervision' satisfies ItemType,
        },
      };
    });
    for (const notice of (change.notices ?? []).map((n) => publicNoticeSchema.parse(n))) {
      // 公示: published once, with the change that issues or revokes; a second Put of it is refused.
      for (const { key, item } of noticeItems(notice)) add('create', key, putIfAbsent(item));
    }
    if (change.rating !== undefined) {
      const item = ratingSchema.parse({ ...change.rating, version: 1 });
      const key = ratingKey(item.applicationId);
      // Once per matter: the fixed sort key makes a second rating fail its condition (ALREADY_EXISTS).
      add('create', key, putIfAbsent({ ...item, ...key, [itemTypeAttribute]: 'rating' satisfies ItemType }));
    }
    // The handled follow-up loses its GSI2 keys (off the open list).
    versioned(change.ratingFollowUps, (followUp) => {
      const item = ratingFollowUpSchema.parse(followUp);
      const key = ratingFollowUpKey(item.applicationId);
      return {
        key,
        item: {
          ...item,
          ...key,
          ...ratingFollowUpIndexKey(item),
          [itemTypeAttribute]: 'rating-follow-up' satisfies ItemType,
        },
      };
    });
    for (const counter of counters) {
      const action = counterAction(this.#tableName, counter);
      if (action) add('counter', action.key, action.action);
    }
    if (actions.length > maxTransactionActions) {
      throw new Error(`A state change holds ${actions.length} writes; a transaction takes at most 100`);
    }

    await transactWrite(this.#client, actions, kinds);
    return { created: created as unknown as C, updated: updated as unknown as U };
  }

  #searchEntryPut(
    entry: ReturnType<typeof searchEntries>[number],
  ): NonNullable<TransactWriteCommandInput['TransactItems']>[number] {
    return {
      Put: {
        TableName: this.#tableName,
        Item: searchEntryItem(entry),
      },
    };
  }

  /** See the port. A conditional Put: an absence is declared once and kept as it was declared. */
  async putAbsence(absence: Absence): Promise<void> {
    const item = absenceSchema.parse(absence);
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: { ...item, ...absenceKey(item), [itemTypeAttribute]: 'absence' satisfies ItemType },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new Conflict(`Absence ${absence.absenceId} exists already`, 'ALREADY_EXISTS');
      }
      throw error;
    }
  }

  /** See the port: one Query on the officer's own partition. */
  async listAbsences(userId: string): Promise<Absence[]> {
    parseArgument(userIdSchema, userId, 'userId');
    const items = await this.#itemsWithPrefix(officerPartition(userId), absenceSortKeyPrefix);
    return items.map((item) => absenceSchema.parse(item));
  }

  /** See the port. */
  async findSupervisionOrder(applicationId: string, orderId: string): Promise<SupervisionOrder | undefined> {
    parseArgument(applicationIdSchema, applicationId, 'applicationId');
    parseArgument(supervisionOrderSchema.shape.orderId, orderId, 'orderId');
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: supervisionKey(applicationId, orderId),
        ConsistentRead: true,
      }),
    );
    return Item ? supervisionOrderSchema.parse(fromItem(Item)) : undefined;
  }

  /** See the port: one Query of the application's partition. */
  async listSupervisionOrders(applicationId: string): Promise<SupervisionOrder[]> {
    parseArgument(applicationIdSchema, applicationId, 'applicationId');
    const items = await this.#itemsWithPrefix(applicationPartition(applicationId), supervisionSortKeyPrefix);
    return items
      .map((item) => supervisionOrderSchema.parse(item))
      .sort((a, b) => a.issuedAt.localeCompare(b.issuedAt));
  }

  /**
   * See the port: one page of GSI2 `SUPV#unanswered` (keys; the order's id is the sort key's last part). A
   * department's list keeps its own entries (`department` is among the attributes GSI2 projects).
   */
  async listUnansweredSupervisionOrders(
    options: PageOptions & { dueBefore?: string; department?: string } = {},
  ): Promise<Page<Pick<SupervisionOrder, 'applicationId' | 'orderId'>>> {
    if (options.dueBefore !== undefined) parseArgument(timestampSchema, options.dueBefore, 'dueBefore');
    if (options.department !== undefined) {
      parseArgument(departmentIdSchema, options.department, 'department');
    }
    const index = indexes.openStepsByDue;
    const department = options.department;
    const page = await this.#page(
      {
        IndexName: index.indexName,
        KeyConditionExpression:
          options.dueBefore === undefined ? '#ipk = :ipk' : '#ipk = :ipk AND #isk < :before',
        ExpressionAttributeNames: {
          '#ipk': index.partitionKey,
          ...(options.dueBefore === undefined ? {} : { '#isk': index.sortKey }),
        },
        ExpressionAttributeValues: {
          ':ipk': unansweredSupervisionPartition,
          ...(options.dueBefore === undefined ? {} : { ':before': options.dueBefore }),
        },
        ScanIndexForward: true,
      },
      options,
      [keys.pk, keys.sk, index.partitionKey, index.sortKey],
      { attribute: index.partitionKey, value: unansweredSupervisionPartition },
      department === undefined ? undefined : { keep: (item) => item.department === department },
      true,
    );
    return {
      items: page.items.map((item) => ({
        applicationId: String(item.applicationId),
        orderId: String(item[keys.sk]).slice(supervisionSortKeyPrefix.length),
      })),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    };
  }

  /** See the port. */
  async findRating(applicationId: string): Promise<Rating | undefined> {
    parseArgument(applicationIdSchema, applicationId, 'applicationId');
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: ratingKey(applicationId), ConsistentRead: true }),
    );
    return Item ? ratingSchema.parse(fromItem(Item)) : undefined;
  }

  /** See the port. */
  async findRatingFollowUp(applicationId: string): Promise<RatingFollowUp | undefined> {
    parseArgument(applicationIdSchema, applicationId, 'applicationId');
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: ratingFollowUpKey(applicationId),
        ConsistentRead: true,
      }),
    );
    return Item ? ratingFollowUpSchema.parse(fromItem(Item)) : undefined;
  }

  /** See the port: one page of GSI2 `FUP#open` (keys and the projected `applicationId`). */
  async listOpenRatingFollowUps(
    options: PageOptions = {},
  ): Promise<Page<Pick<RatingFollowUp, 'applicationId'>>> {
    const page = await this.#pageOfPartition(
      indexes.openStepsByDue,
      openRatingFollowUpsPartition,
      true,
      options,
      undefined,
      true,
    );
    return {
      items: page.items.map((item) => ({ applicationId: String(item.applicationId) })),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    };
  }

  // -------------------------------------------------------------------------------------------- helpers

  /** One Query on the application's `DOC#` items, projected to what identifies a version. */
  async listCurrentDocumentVersions(applicationId: string): Promise<string[]> {
    const items = await this.#queryAll({
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ProjectionExpression: '#documentId, #version, #status',
      ExpressionAttributeNames: {
        '#pk': keys.pk,
        '#sk': keys.sk,
        '#documentId': 'documentId',
        '#version': 'version',
        '#status': 'status',
      },
      ExpressionAttributeValues: {
        ':pk': applicationPartition(applicationId),
        ':prefix': documentSortKeyPrefix,
      },
      ConsistentRead: true,
    });
    const current = new Map<string, number>();
    for (const item of items) {
      if (item.status !== 'confirmed') continue;
      const id = String(item.documentId);
      current.set(id, Math.max(current.get(id) ?? 0, Number(item.version)));
    }
    return [...current].map(([id, version]) => `${id}@v${version}`).sort();
  }

  async replaceTaskToken(step: Step, taskToken: string): Promise<Step> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: stepKey(step.applicationId, step.stepId),
          UpdateExpression: 'SET #token = :token, #version = :next',
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#token': 'taskToken', '#version': 'version' },
          ExpressionAttributeValues: {
            ':token': taskToken,
            ':expected': step.version,
            ':next': step.version + 1,
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new Conflict('The step was changed by someone else; reload and try again', 'STALE_VERSION');
      }
      throw error;
    }
    return { ...step, taskToken, version: step.version + 1 };
  }

  /**
   * Every item of a partition whose sort key starts with `prefix`, all pages; consistent unless told, as domain
   * objects unless `asStored`.
   */
  #itemsWithPrefix(
    partition: string,
    prefix: string,
    options: { consistent?: boolean; asStored?: boolean } = {},
  ): Promise<Record<string, unknown>[]> {
    return this.#queryAll(
      {
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': keys.pk, '#sk': keys.sk },
        ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
        ConsistentRead: options.consistent ?? true,
      },
      options.asStored ?? false,
    );
  }

  /** Every page of a Query; `withKeys`: the items as stored, keys included (else as domain objects). */
  async #queryAll(
    input: Omit<QueryCommandInput, 'TableName'>,
    withKeys = false,
  ): Promise<Record<string, unknown>[]> {
    const shape = withKeys ? (item: Record<string, unknown>) => item : fromItem;
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({ ...input, TableName: this.#tableName, ExclusiveStartKey: startKey }),
      );
      items.push(...(page.Items ?? []).map(shape));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /**
   * One page of a Query on this table (paged-query.ts), returned as the domain sees it (`withKeys`: as stored,
   * keys included, for a reader that gets its ids from an index's keys). A filter sees the domain item.
   */
  #page(
    input: Omit<QueryCommandInput, 'TableName'>,
    options: PageOptions,
    cursorAttributes: readonly string[],
    partition: { attribute: string; value: string },
    filter?: PageFilter<Record<string, unknown>>,
    withKeys = false,
  ): Promise<Page<Record<string, unknown>>> {
    return queryPage(
      this.#client,
      this.#tableName,
      {
        input,
        cursorAttributes,
        partition,
        filter: filter && { ...filter, keep: (item) => filter.keep(fromItem(item)) },
        read: withKeys ? (item) => item : fromItem,
      },
      options,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------

const isStep = (item: StateItem): item is Step => 'stepId' in item;

/**
 * `Change.acceptance`, checked: it rides on the one intake step the change closes, and the application item is
 * not written beside it (that would be two states of one application in one change).
 */
function acceptedOnStep(
  fold: NonNullable<Change['acceptance']>,
  created: readonly StateItem[],
  updated: readonly StateItem[],
): NonNullable<Change['acceptance']> {
  const acceptance = acceptanceFoldSchema.parse(fold);
  const carriers = updated.filter(isStep);
  const [step] = carriers;
  if (
    carriers.length !== 1 ||
    step === undefined ||
    step.kind !== 'intake' ||
    step.status !== 'closed' ||
    step.applicationId !== acceptance.applicationId ||
    [...created, ...updated].some((item) => !isStep(item) && item.applicationId === acceptance.applicationId)
  ) {
    throw new Error('An acceptance rides on the one intake step its change closes, without its application');
  }
  return acceptance;
}

function validState<T extends StateItem>(item: T): T {
  return isStep(item) ? storable(stepSchema, item, 'step') : storable(applicationSchema, item, 'application');
}

function toStateItem(item: StateItem): { key: PrimaryKey; item: Record<string, unknown> } {
  if (isStep(item)) {
    const key = stepKey(item.applicationId, item.stepId);
    return {
      key,
      item: {
        ...item,
        ...key,
        ...openStepIndexKey(item),
        ...escalationBoardIndexKey(item),
        ...heldStepIndexKey(item),
        [itemTypeAttribute]: 'step' satisfies ItemType,
      },
    };
  }
  const key = applicationKey(item.applicationId);
  return {
    key,
    item: {
      ...item,
      ...key,
      ...enterpriseIndexKey(item),
      ...openGapsIndexKey(item),
      ...searchIndexKey(item),
      [itemTypeAttribute]: 'application' satisfies ItemType,
    },
  };
}

/**
 * The items `commit` stores for an application as it stands (the item with its index keys, its search entries),
 * for the writers that load many at once: the search backfill and tests of the search at scale.
 */
export function storedApplicationItems(application: Application): Record<string, unknown>[] {
  return [toStateItem(validState(application)).item, ...searchEntries(application).map(searchEntryItem)];
}

/**
 * The items `commit` stores for a change that creates (each state at version 1 with its index keys and search
 * entries, and its audit events), for loaders that write many histories at once with BatchWriteItem (the
 * benchmarks at scale, test/reports/bulk-load.ts). Counters are left to the caller, which adds up many changes'
 * increments first and stores each total once (`counterItem`).
 */
export function storedCreationItems(change: Pick<Change, 'create' | 'events'>): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  for (const state of change.create ?? []) {
    const created = { ...validState(state), version: 1 };
    items.push(toStateItem(created).item);
    if (!isStep(created)) items.push(...searchEntries(created).map(searchEntryItem));
  }
  for (const event of change.events) items.push(eventItem(auditEventSchema.parse(event)));
  return items;
}

/** A counter item as `counterAction`'s `SET … ADD` leaves it when the item held nothing before. */
export function counterItem(counter: CounterIncrement): Record<string, unknown> {
  const { dimension, month, add } = counterIncrementSchema.parse(counter);
  return {
    ...counterKey(dimension, month),
    [itemTypeAttribute]: 'counter' satisfies ItemType,
    dimension,
    month,
    ...add,
  };
}

function eventItem(event: AuditEvent): Record<string, unknown> {
  return { ...event, ...eventKey(event), [itemTypeAttribute]: 'event' satisfies ItemType };
}

/** A search entry holds keys only: its application's id is in `pk`, its facets in `gsi4sk`. */
function searchEntryItem(entry: ReturnType<typeof searchEntries>[number]): Record<string, unknown> {
  return {
    ...entry.key,
    gsi4pk: entry.gsi4pk,
    gsi4sk: entry.gsi4sk,
    [itemTypeAttribute]: 'search-entry' satisfies ItemType,
  };
}

function fromItem(item: Record<string, unknown>): Record<string, unknown> {
  const domain: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (!storageAttributes.includes(name)) domain[name] = value;
  }
  return domain;
}

/**
 * One TransactWriteItems of conditional actions (`kinds[i]` says what action i is): a failed version condition
 * → Conflict `STALE_VERSION`, a failed `attribute_not_exists` → `ALREADY_EXISTS`; a cancellation by another
 * transaction is retried up to 3 times. Shared by every repository on the table, so all write alike.
 */
export async function transactWrite(
  client: DynamoDBDocumentClient,
  actions: NonNullable<TransactWriteCommandInput['TransactItems']>,
  kinds: readonly ActionKind[],
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      // The token makes the SDK's own retries of this request idempotent: a retry after a lost response
      // must not fail its version conditions against its own first write.
      await client.send(
        new TransactWriteCommand({ TransactItems: actions, ClientRequestToken: randomUUID() }),
      );
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
      const failed = codes.flatMap((code, i) => (code === 'ConditionalCheckFailed' ? [kinds[i]] : []));
      if (failed.includes('update')) {
        throw new Conflict('The item was changed by someone else; reload and try again', 'STALE_VERSION');
      }
      if (failed.length > 0) throw new Conflict('The item exists already', 'ALREADY_EXISTS');
      // Another transaction held one of the items: nothing was written, so trying again is safe, and the
      // retry meets the winner's new version if there was one.
      if (codes.includes('TransactionConflict') && attempt <= maxConflictRetries) {
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
        continue;
      }
      if (codes.includes('TransactionConflict')) {
        throw new Conflict(
          'The item is being changed by someone else; reload and try again',
          'STALE_VERSION',
        );
      }
      throw error;
    }
  }
}

/** The `Update … ADD` of one (merged) counter increment; undefined when it adds nothing. */
export function counterAction(
  tableName: string,
  counter: CounterIncrement,
): { key: PrimaryKey; action: NonNullable<TransactWriteCommandInput['TransactItems']>[number] } | undefined {
  const key = counterKey(counter.dimension, counter.month);
  const names: Record<string, string> = {
    '#type': itemTypeAttribute,
    '#dimension': 'dimension',
    '#month': 'month',
  };
  const values: Record<string, unknown> = {
    ':type': 'counter' satisfies ItemType,
    ':dimension': counter.dimension,
    ':month': counter.month,
  };
  const additions = Object.entries(counter.add).map(([name, amount], i) => {
    names[`#c${i}`] = name;
    values[`:c${i}`] = amount;
    return `#c${i} :c${i}`;
  });
  if (additions.length === 0) return undefined;
  return {
    key,
    action: {
      Update: {
        TableName: tableName,
        Key: key,
        UpdateExpression: `SET #type = :type, #dimension = :dimension, #month = :month ADD ${additions.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
  };
}

// Two increments of one counter in a change would be two actions on one item, which a transaction forbids.
export function mergeCounters(increments: readonly CounterIncrement[]): CounterIncrement[] {
  const merged = new Map<string, CounterIncrement>();
  for (const increment of increments) {
    const { dimension, month, add } = counterIncrementSchema.parse(increment);
    const id = `${dimension}#${month}`;
    const into = merged.get(id) ?? { dimension, month, add: {} };
    for (const [name, amount] of Object.entries(add)) into.add[name] = (into.add[name] ?? 0) + amount;
    merged.set(id, into);
  }
  return [...merged.values()];
}

/** The numbers of a counter item, without its keys and labels. */
function countersOf(item: Record<string, unknown>): Record<string, number> {
  const counters: Record<string, number> = {};
  for (const [name, value] of Object.entries(item)) {
    if (typeof value === 'number' && !storageAttributes.includes(name)) counters[name] = value;
  }
  return counters;
}

function parseArgument<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ValidationError(`Invalid ${path}`, [
      { path, message: result.error.issues[0]?.message ?? 'invalid value' },
    ]);
  }
  return result.data;
}
