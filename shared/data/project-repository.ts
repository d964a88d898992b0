// The project register's repository on the single DynamoDB table (the port is ./project-ports.ts): a project's
// partition holds the project, its tickets and its timeline; every change is one conditional transaction written
// exactly like an application's (`transactWrite`, counters merged and ADDed in the same transaction).
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { NotFound, ValidationError } from '#shared/errors';
import { departmentIdSchema, enterpriseIdSchema, userIdSchema } from '#shared/model';
import {
  projectEventSchema,
  projectSchema,
  ticketSchema,
  type Project,
  type ProjectEvent,
  type Ticket,
} from '#shared/projects/model';
import { batchGetItems } from './batch-get.ts';
import { itemTypeAttribute, storageAttributes, type ItemType, type PrimaryKey } from './keys.ts';
import { queryPage } from './paged-query.ts';
import type { Page, PageOptions } from './ports.ts';
import type {
  ProjectAssignee,
  ProjectChange,
  ProjectDetail,
  ProjectRepository,
  ProjectStateItem,
} from './project-ports.ts';
import {
  departmentProjectIndexKey,
  departmentProjectsPartition,
  projectDepartmentKey,
  secretaryProjectIndexKey,
  secretaryProjectsPartition,
  enterpriseProjectIndexKey,
  enterpriseProjectsPartition,
  openTicketIndexKey,
  openTicketsPartition,
  projectEventKey,
  projectEventSortKeyPrefix,
  projectKey,
  projectPartition,
  projectSortKey,
  ticketKey,
  ticketSortKeyPrefix,
} from './project-keys.ts';
import { counterAction, mergeCounters, transactWrite, type ActionKind } from './repository.ts';
import { indexes, keys, type IndexDefinition } from './table.ts';
import { storable } from './storable.ts';

export type * from './project-ports.ts';

export class DynamoDbProjectRepository implements ProjectRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = client;
    this.#tableName = tableName;
  }

  async findProject(projectId: string): Promise<Project | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: projectKey(projectId), ConsistentRead: true }),
    );
    return Item ? (fromItem(Item) as Project) : undefined;
  }

  async getProjectDetail(projectId: string): Promise<ProjectDetail> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': keys.pk },
          ExpressionAttributeValues: { ':pk': projectPartition(projectId) },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    let project: Project | undefined;
    const tickets: Ticket[] = [];
    const events: ProjectEvent[] = [];
    for (const item of items) {
      const sk = String(item[keys.sk]);
      if (sk === 'P') project = fromItem(item) as Project;
      else if (sk.startsWith(ticketSortKeyPrefix)) tickets.push(fromItem(item) as Ticket);
      else if (sk.startsWith(projectEventSortKeyPrefix)) events.push(fromItem(item) as ProjectEvent);
    }
    if (!project) throw new NotFound(`Project ${projectId} not found`);
    return { project, tickets, events };
  }

  async findTicket(projectId: string, ticketId: string): Promise<Ticket | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: ticketKey(projectId, ticketId),
        ConsistentRead: true,
      }),
    );
    return Item ? (fromItem(Item) as Ticket) : undefined;
  }

  async listProjectsByEnterprise(enterpriseId: string, options: PageOptions = {}): Promise<Page<Project>> {
    parse(enterpriseIdSchema, enterpriseId, 'enterpriseId');
    return this.#page(
      indexes.byEnterprise,
      enterpriseProjectsPartition(enterpriseId),
      false,
      options,
    ) as Promise<Page<Project>>;
  }

  async listOpenTickets(department: string, options: PageOptions = {}): Promise<Page<Ticket>> {
    parse(departmentIdSchema, department, 'department');
    return this.#page(indexes.openStepsByDue, openTicketsPartition(department), true, options) as Promise<
      Page<Ticket>
    >;
  }

  async listAssignedProjects(assignee: ProjectAssignee, options: PageOptions = {}): Promise<Page<Project>> {
    const partition =
      'secretaryUserId' in assignee
        ? secretaryProjectsPartition(parse(userIdSchema, assignee.secretaryUserId, 'secretaryUserId'))
        : departmentProjectsPartition(parse(departmentIdSchema, assignee.department, 'department'));
    // GSI3 is read for its keys only (its INCLUDE list holds step fields): the projects come from the table.
    const page = await this.#page(indexes.openStepsByHolder, partition, false, options, (item) => item);
    const keysOfPage = page.items.map((item) => ({ pk: String(item[keys.pk]), sk: projectSortKey }));
    const found = new Map<string, Project>();
    for (const item of await batchGetItems(this.#client, this.#tableName, keysOfPage, {
      consistentRead: true,
    })) {
      const project = fromItem(item) as Project;
      found.set(project.projectId, project);
    }
    return {
      items: keysOfPage.flatMap((key) => {
        const project = found.get(key.pk.slice(projectPartition('').length));
        return project ? [project] : [];
      }),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    };
  }

  async commitProject(change: ProjectChange): Promise<void> {
    if (change.events.length === 0) throw new Error('A project change is written with its timeline entries');
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
    for (const item of change.create ?? []) {
      const stored = toItem({ ...valid(item), version: 1 });
      add('create', stored.key, {
        Put: {
          TableName: this.#tableName,
          Item: stored.item,
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': keys.pk },
        },
      });
    }
    for (const item of change.update ?? []) {
      const stored = toItem({ ...valid(item), version: item.version + 1 });
      add('update', stored.key, {
        Put: {
          TableName: this.#tableName,
          Item: stored.item,
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': item.version },
        },
      });
    }
    // A department's first ticket on the project puts its marker ("projects of department X", GSI3), once.
    for (const marker of change.departmentMarkers ?? []) {
      const key = projectDepartmentKey(
        marker.projectId,
        parse(departmentIdSchema, marker.department, 'department'),
      );
      add('create', key, {
        Put: {
          TableName: this.#tableName,
          Item: {
            ...marker,
            ...key,
            ...departmentProjectIndexKey(marker),
            [itemTypeAttribute]: 'project-department' satisfies ItemType,
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': keys.pk },
        },
      });
    }
    for (const raw of change.events) {
      const event = projectEventSchema.parse(raw);
      const key = projectEventKey(event);
      add('event', key, {
        Put: {
          TableName: this.#tableName,
          Item: { ...event, ...key, [itemTypeAttribute]: 'event' satisfies ItemType },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': keys.pk },
        },
      });
    }
    for (const counter of mergeCounters(change.counters ?? [])) {
      const action = counterAction(this.#tableName, counter);
      if (action) add('counter', action.key, action.action);
    }
    if (actions.length > 100) throw new Error('A project change holds more than 100 writes');
    await transactWrite(this.#client, actions, kinds);
  }

  /** One page of a whole index partition (paged-query.ts); the cursor is bound to the index, partition and order. */
  #page(
    index: IndexDefinition,
    partition: string,
    forward: boolean,
    options: PageOptions,
    read: (item: Record<string, unknown>) => Record<string, unknown> = fromItem,
  ): Promise<Page<Record<string, unknown>>> {
    return queryPage(
      this.#client,
      this.#tableName,
      {
        input: {
          IndexName: index.indexName,
          KeyConditionExpression: '#ipk = :ipk',
          ExpressionAttributeNames: { '#ipk': index.partitionKey },
          ExpressionAttributeValues: { ':ipk': partition },
          ScanIndexForward: forward,
        },
        cursorAttributes: [keys.pk, keys.sk, index.partitionKey, index.sortKey],
        partition: { attribute: index.partitionKey, value: partition },
        binding: { index: index.indexName, partition, forward },
        read,
      },
      options,
    );
  }
}

const isTicket = (item: ProjectStateItem): item is Ticket => 'ticketId' in item;

function valid<T extends ProjectStateItem>(item: T): T {
  return isTicket(item) ? storable(ticketSchema, item, 'ticket') : storable(projectSchema, item, 'project');
}

function toItem(item: ProjectStateItem): { key: PrimaryKey; item: Record<string, unknown> } {
  if (isTicket(item)) {
    const key = ticketKey(item.projectId, item.ticketId);
    return {
      key,
      item: {
        ...item,
        ...key,
        ...openTicketIndexKey(item),
        [itemTypeAttribute]: 'ticket' satisfies ItemType,
      },
    };
  }
  const key = projectKey(item.projectId);
  return {
    key,
    item: {
      ...item,
      ...key,
      ...enterpriseProjectIndexKey(item),
      // Whole-item Put: a reassignment moves the project to the new secretary's list, none: off every list.
      ...secretaryProjectIndexKey(item),
      [itemTypeAttribute]: 'project' satisfies ItemType,
    },
  };
}

function fromItem(item: Record<string, unknown>): Record<string, unknown> {
  const domain: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item))
    if (!storageAttributes.includes(name)) domain[name] = value;
  return domain;
}

function parse<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  value: unknown,
  path: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(`Invalid ${path}`, [{ path, message: 'invalid value' }]);
  return result.data;
}
