// Integration tests of the repository against the real DynamoDB Local started by the global setup.
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Conflict, NotFound, ValidationError } from '#shared/errors';
import type { Application } from '#shared/model';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { anApplication, anEvent, aStep, at, uid } from '#test/support/stored-records';
import { DynamoDbRepository } from './repository.ts';

let table: TestTable;
let repo: DynamoDbRepository;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  repo = new DynamoDbRepository({ client: table.client, tableName: table.tableName });
});

afterAll(async () => {
  await table?.drop();
});

async function rawPartition(applicationId: string) {
  const { Items } = await table.client.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `APP#${applicationId}` },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}

describe('commit', () => {
  it('creates an application that reads back as written, with version 1', async () => {
    // Prepare
    const application = anApplication();

    // Act
    const { created } = await repo.commit({
      create: [application],
      events: [anEvent(application.applicationId)],
    });
    const read = await repo.getApplication(application.applicationId);

    // Assess
    expect(created[0]).toEqual(application);
    expect(read).toEqual(application);
    expect(read).not.toHaveProperty('pk');
    expect(await repo.getTimeline(application.applicationId)).toHaveLength(1);
  });

  it('stores an update with the version incremented', async () => {
    // Prepare
    const application = anApplication();
    await repo.commit({ create: [application], events: [anEvent(application.applicationId)] });

    // Act
    const { updated } = await repo.commit({
      update: [{ ...application, status: 'accepted', acceptedAt: at(5), updatedAt: at(5) }],
      events: [anEvent(application.applicationId, { type: 'intake-accepted', at: at(5) })],
    });

    // Assess
    expect(updated[0].version).toBe(2);
    expect(await repo.getApplication(application.applicationId)).toMatchObject({
      status: 'accepted',
      version: 2,
    });
  });

  it('rejects a stale version with Conflict and writes nothing, not even the audit event', async () => {
    // Prepare
    const application = anApplication();
    const step = aStep(application.applicationId);
    await repo.commit({ create: [application, step], events: [anEvent(application.applicationId)] });
    await repo.commit({
      update: [{ ...application, status: 'in-review', updatedAt: at(1) }],
      events: [anEvent(application.applicationId, { type: 'step-opened', at: at(1) })],
    });
    const before = await rawPartition(application.applicationId);

    // Act: the step is fresh, the application version is stale
    const attempt = repo.commit({
      update: [
        { ...step, status: 'closed', closedAt: at(2) },
        { ...application, status: 'refused', updatedAt: at(2) },
      ],
      events: [anEvent(application.applicationId, { type: 'application-refused', at: at(2) })],
      counters: [{ dimension: `department:${uid()}`, month: '2025-03', add: { closed: 1 } }],
    });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(Conflict);
    await expect(attempt).rejects.toMatchObject({ code: 'STALE_VERSION', status: 409 });
    expect(await rawPartition(application.applicationId)).toEqual(before);
    expect((await repo.getTimeline(application.applicationId)).map((e) => e.type)).toEqual([
      'application-submitted',
      'step-opened',
    ]);
    expect(await repo.getStep(application.applicationId, step.stepId)).toMatchObject({
      status: 'open',
      version: 1,
    });
  });

  it('rejects an update of an item that does not exist as stale', async () => {
    const ghost = anApplication();
    await expect(
      repo.commit({ update: [ghost], events: [anEvent(ghost.applicationId)] }),
    ).rejects.toMatchObject({ code: 'STALE_VERSION' });
    expect(await rawPartition(ghost.applicationId)).toEqual([]);
  });

  it('rejects a duplicate new item with Conflict ALREADY_EXISTS', async () => {
    // Prepare
    const application = anApplication();
    await repo.commit({ create: [application], events: [anEvent(application.applicationId)] });

    // Act
    const again = repo.commit({ create: [application], events: [anEvent(application.applicationId)] });

    // Assess
    await expect(again).rejects.toMatchObject({ code: 'ALREADY_EXISTS', status: 409 });
    expect(await repo.getTimeline(application.applicationId)).toHaveLength(1);
  });

  it('lets exactly one of several concurrent decisions on one step win', async () => {
    // Prepare
    const application = anApplication();
    const step = aStep(application.applicationId);
    await repo.commit({ create: [application, step], events: [anEvent(application.applicationId)] });
    const officers = ['officer-1', 'officer-2', 'officer-3', 'officer-4', 'officer-5'];

    // Act
    const results = await Promise.allSettled(
      officers.map((officer, i) =>
        repo.commit({
          update: [
            {
              ...step,
              status: 'closed',
              closedAt: at(10 + i),
              decision: { outcome: 'approved', decidedBy: officer, decidedAt: at(10 + i) },
            },
          ],
          events: [
            anEvent(application.applicationId, {
              type: 'step-decided',
              at: at(10 + i),
              stepId: step.stepId,
              actor: { userId: officer, role: 'department-officer' },
            }),
          ],
        }),
      ),
    );

    // Assess
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(officers.length - 1);
    for (const reason of rejected) expect(reason).toMatchObject({ name: 'Conflict', code: 'STALE_VERSION' });
    const stored = await repo.getStep(application.applicationId, step.stepId);
    const decided = (await repo.getTimeline(application.applicationId)).filter(
      (e) => e.type === 'step-decided',
    );
    expect(stored.version).toBe(2);
    expect(decided).toHaveLength(1);
    expect(decided[0]?.actor.userId).toBe(stored.decision?.decidedBy);
  });

  it('adds counter increments, merging two of one counter in one change', async () => {
    // Prepare
    const dimension = `permit:${uid()}`;
    const application = anApplication();

    // Act
    await repo.commit({
      create: [application],
      events: [anEvent(application.applicationId)],
      counters: [
        { dimension, month: '2025-03', add: { closed: 1, onTime: 1, workingDays: 6 } },
        { dimension, month: '2025-03', add: { closed: 1, workingDays: 4 } },
      ],
    });
    await repo.commit({
      create: [anApplication({ applicationId: `${application.applicationId}-b` })],
      events: [anEvent(`${application.applicationId}-b`)],
      counters: [{ dimension, month: '2025-03', add: { closed: 1, 'days-6': 1 } }],
    });

    // Assess
    expect(await repo.getCounters(dimension, '2025-03')).toEqual({
      closed: 3,
      onTime: 1,
      workingDays: 10,
      'days-6': 1,
    });
    expect(await repo.getCounters(dimension, '2025-04')).toEqual({});
  });

  it('lists every dimension of a month from its one partition, narrowed by a name prefix', async () => {
    // Prepare: a month no other test counts in
    const application = anApplication();
    await repo.commit({
      create: [application],
      events: [anEvent(application.applicationId)],
      counters: [
        { dimension: 'steps:window:intake:regular', month: '1999-07', add: { closed: 2, 'days-1': 2 } },
        { dimension: 'steps:natural-resources:construction:regular', month: '1999-07', add: { closed: 1 } },
        { dimension: 'applications:regular', month: '1999-07', add: { issued: 1 } },
        { dimension: 'applications:regular', month: '1999-08', add: { issued: 5 } },
      ],
    });

    // Act
    const all = await repo.listCounters('1999-07');
    const window = await repo.listCounters('1999-07', { prefix: 'steps:window:' });

    // Assess
    expect(all).toEqual([
      { dimension: 'applications:regular', month: '1999-07', counters: { issued: 1 } },
      {
        dimension: 'steps:natural-resources:construction:regular',
        month: '1999-07',
        counters: { closed: 1 },
      },
      { dimension: 'steps:window:intake:regular', month: '1999-07', counters: { closed: 2, 'days-1': 2 } },
    ]);
    expect(window.map((row) => row.dimension)).toEqual(['steps:window:intake:regular']);
    expect(await repo.listCounters('1999-09')).toEqual([]);
    await expect(repo.listCounters('1999-7')).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('refuses a change without an audit event, or touching one item twice', async () => {
    const application = anApplication();
    await expect(repo.commit({ create: [application], events: [] })).rejects.toThrow(/audit event/);
    await expect(
      repo.commit({ create: [application, application], events: [anEvent(application.applicationId)] }),
    ).rejects.toThrow(/only once/);
    expect(await rawPartition(application.applicationId)).toEqual([]);
  });

  it('refuses to store an invalid state', async () => {
    const application = anApplication({ track: 'standard-land' });
    await expect(
      repo.commit({ create: [application], events: [anEvent(application.applicationId)] }),
    ).rejects.toThrow(/invalid application/);
  });
});

describe('getApplication', () => {
  it('throws NotFound for an unknown application, where findApplication returns undefined', async () => {
    await expect(repo.getApplication('no-such-app')).rejects.toBeInstanceOf(NotFound);
    expect(await repo.findApplication('no-such-app')).toBeUndefined();
  });
});

describe('getApplicationWithSteps', () => {
  it('returns the application and its steps, without events', async () => {
    // Prepare
    const application = anApplication();
    const steps = [aStep(application.applicationId), aStep(application.applicationId, { kind: 'intake' })];
    await repo.commit({
      create: [application, ...steps],
      events: [
        anEvent(application.applicationId),
        anEvent(application.applicationId, { type: 'step-opened' }),
      ],
    });

    // Act
    const result = await repo.getApplicationWithSteps(application.applicationId);

    // Assess
    expect(result.application).toEqual(application);
    expect(result.steps).toHaveLength(2);
    expect(result.steps).toEqual(expect.arrayContaining(steps));
  });

  it('throws NotFound for an unknown application', async () => {
    await expect(repo.getApplicationWithSteps('no-such-app')).rejects.toBeInstanceOf(NotFound);
  });
});

describe('getApplicationRecord', () => {
  it('reads the application, its steps and its timeline in one Query, and nothing else of the partition', async () => {
    // Prepare
    const application = anApplication();
    const id = application.applicationId;
    const steps = [aStep(id), aStep(id, { kind: 'intake' })];
    await repo.commit({
      create: [application, ...steps],
      events: [anEvent(id, { at: at(0) }), anEvent(id, { type: 'step-opened', at: at(10) })],
    });
    // A document version and a supervision order share the partition (DOC# before the steps, SUPV# after).
    for (const sk of ['DOC#d-1#V001', 'SUPV#order-1', 'REMIND#x']) {
      await table.client.send(
        new PutCommand({
          TableName: table.tableName,
          Item: { pk: `APP#${id}`, sk, itemType: 'document', applicationId: id },
        }),
      );
    }
    const sent: string[] = [];
    const counted = new DynamoDbRepository({
      client: {
        send: (command: { constructor: { name: string } }) => (
          sent.push(command.constructor.name),
          table.client.send(command as never)
        ),
      } as never,
      tableName: table.tableName,
    });

    // Act
    const record = await counted.getApplicationRecord(id);

    // Assess
    expect(sent).toEqual(['QueryCommand']);
    expect(record.application).toEqual(application);
    expect(record.steps).toEqual(expect.arrayContaining(steps));
    expect(record.steps).toHaveLength(2);
    expect(record.timeline).toEqual(await repo.getTimeline(id));
    expect(record.timeline.map((e) => e.type)).toEqual(['application-submitted', 'step-opened']);
  });

  it('throws NotFound for an unknown application', async () => {
    await expect(repo.getApplicationRecord('no-such-app')).rejects.toBeInstanceOf(NotFound);
  });
});

describe('getTimeline', () => {
  it('returns the events in time order, whatever order they were written in', async () => {
    // Prepare
    const application = anApplication();
    const id = application.applicationId;
    await repo.commit({ create: [application], events: [anEvent(id, { at: at(0) })] });
    await repo.commit({
      events: [
        anEvent(id, { type: 'step-decided', at: at(40) }),
        anEvent(id, { type: 'intake-accepted', at: at(20) }),
      ],
    });
    await repo.commit({ events: [anEvent(id, { type: 'step-opened', at: at(30) })] });

    // Act
    const timeline = await repo.getTimeline(id);

    // Assess
    expect(timeline.map((e) => [e.at, e.type])).toEqual([
      [at(0), 'application-submitted'],
      [at(20), 'intake-accepted'],
      [at(30), 'step-opened'],
      [at(40), 'step-decided'],
    ]);
    expect(timeline[0]).not.toHaveProperty('itemType');
  });
});

describe('listByEnterprise', () => {
  it("returns only the enterprise's applications, newest first, page by page", async () => {
    // Prepare
    const enterpriseId = `ent-${uid()}`;
    const mine = [5, 1, 9, 3, 7].map((minute) => anApplication({ enterpriseId, createdAt: at(minute) }));
    const theirs = anApplication({ createdAt: at(8) });
    for (const application of [...mine, theirs]) {
      await repo.commit({ create: [application], events: [anEvent(application.applicationId)] });
    }

    // Act
    const pages: Application[][] = [];
    let cursor: string | undefined;
    do {
      const page = await repo.listByEnterprise(enterpriseId, { limit: 2, ...(cursor ? { cursor } : {}) });
      pages.push(page.items);
      cursor = page.cursor;
    } while (cursor && pages.length < 10);

    // Assess
    expect(pages[0]).toHaveLength(2);
    expect(pages.flat().map((a) => a.createdAt)).toEqual([at(9), at(7), at(5), at(3), at(1)]);
    expect(pages.flat().every((a) => a.enterpriseId === enterpriseId)).toBe(true);
  });

  it('returns an empty page for an enterprise without applications', async () => {
    expect(await repo.listByEnterprise(`ent-${uid()}`)).toEqual({ items: [] });
  });
});

describe('listOpenSteps', () => {
  it("returns one department's open steps by due time and drops closed ones", async () => {
    // Prepare
    const department = `dept-${uid()}`;
    const application = anApplication();
    const id = application.applicationId;
    const late = aStep(id, { department, dueAt: at(50) });
    const early = aStep(id, { department, dueAt: at(10) });
    const middle = aStep(id, { department, dueAt: at(30) });
    const undated = aStep(id, { department, dueAt: undefined });
    const toClose = aStep(id, { department, dueAt: at(5) });
    const elsewhere = aStep(id, { department: `other-${uid()}`, dueAt: at(1) });
    await repo.commit({
      create: [application, late, early, middle, undated, toClose, elsewhere],
      events: [anEvent(id)],
    });
    await repo.commit({
      update: [
        {
          ...toClose,
          status: 'closed',
          closedAt: at(6),
          decision: { outcome: 'approved', decidedBy: 'officer-1', decidedAt: at(6) },
        },
      ],
      events: [anEvent(id, { type: 'step-decided', at: at(6) })],
    });

    // Act
    const all = await repo.listOpenSteps(department);
    const overdue = await repo.listOpenSteps(department, { dueBefore: at(40) });
    const dueInWindow = await repo.listOpenSteps(department, { dueFrom: at(30), dueBefore: at(50) });

    // Assess
    expect(all.items.map((s) => s.stepId)).toEqual([
      early.stepId,
      middle.stepId,
      late.stepId,
      undated.stepId,
    ]);
    expect(overdue.items.map((s) => s.stepId)).toEqual([early.stepId, middle.stepId]);
    expect(dueInWindow.items.map((s) => s.stepId)).toEqual([middle.stepId]);
    const closedItem = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: { pk: `APP#${id}`, sk: `STEP#${toClose.stepId}` } }),
    );
    expect(closedItem.Item).not.toHaveProperty('gsi2pk');
    expect(closedItem.Item).not.toHaveProperty('gsi2sk');
  });

  it('pages through the inbox with a cursor', async () => {
    // Prepare
    const department = `dept-${uid()}`;
    const application = anApplication();
    const steps = [1, 2, 3, 4, 5].map((minute) =>
      aStep(application.applicationId, { department, dueAt: at(minute) }),
    );
    await repo.commit({ create: [application, ...steps], events: [anEvent(application.applicationId)] });

    // Act
    const first = await repo.listOpenSteps(department, { limit: 3 });
    const second = await repo.listOpenSteps(department, { limit: 3, cursor: first.cursor! });

    // Assess
    expect(first.items.map((s) => s.dueAt)).toEqual([at(1), at(2), at(3)]);
    expect(second.items.map((s) => s.dueAt)).toEqual([at(4), at(5)]);
    expect(second.cursor).toBeUndefined();
  });
});

describe('cursors', () => {
  it('rejects a cursor that is not one, with ValidationError', async () => {
    // A cursor as this API used to issue them: base64url JSON of DynamoDB's key, readable and forgeable.
    const plainJson = Buffer.from(JSON.stringify({ pk: 'APP#x', sk: 'A' })).toString('base64url');
    for (const cursor of ['not a cursor', 'bm90IGpzb24', plainJson, 'x'.repeat(3000)]) {
      await expect(repo.listByEnterprise('ent-1', { cursor }), cursor).rejects.toBeInstanceOf(
        ValidationError,
      );
    }
  });

  it("rejects another list's cursor, so it cannot read elsewhere", async () => {
    // Prepare: a genuine cursor of enterprise A's list
    const enterpriseId = `ent-${uid()}`;
    for (const minute of [1, 2]) {
      const application = anApplication({ enterpriseId, createdAt: at(minute) });
      await repo.commit({ create: [application], events: [anEvent(application.applicationId)] });
    }
    const { cursor } = await repo.listByEnterprise(enterpriseId, { limit: 1 });
    expect(cursor).toBeDefined();

    // Act & Assess
    await expect(repo.listByEnterprise(`ent-${uid()}`, { cursor: cursor! })).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
      issues: [{ path: 'cursor' }],
    });
    await expect(repo.listOpenSteps('natural-resources', { cursor: cursor! })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('issues opaque cursors: no key, ID or instant of the list can be read from them', async () => {
    // Prepare
    const enterpriseId = `ent-${uid()}`;
    for (const minute of [1, 2]) {
      const application = anApplication({ enterpriseId, createdAt: at(minute) });
      await repo.commit({ create: [application], events: [anEvent(application.applicationId)] });
    }

    // Act
    const { items, cursor } = await repo.listByEnterprise(enterpriseId, { limit: 1 });

    // Assess
    const decoded = Buffer.from(cursor!.replace(/^v1\./, ''), 'base64url').toString('latin1');
    expect(cursor).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    for (const visible of [enterpriseId, items[0]!.applicationId, 'APP#', 'ENT#', '2025']) {
      expect(decoded).not.toContain(visible);
    }
  });

  it('refuses a cursor with any byte changed, and one replayed by another caller', async () => {
    // Prepare
    const enterpriseId = `ent-${uid()}`;
    for (const minute of [1, 2, 3]) {
      const application = anApplication({ enterpriseId, createdAt: at(minute) });
      await repo.commit({ create: [application], events: [anEvent(application.applicationId)] });
    }
    const { cursor } = await repo.listByEnterprise(enterpriseId, { limit: 1, caller: 'user-a' });
    const body = cursor!.slice(3);
    const flipped = (i: number) => {
      const bytes = Buffer.from(body, 'base64url');
      bytes[i] = bytes[i]! ^ 1;
      return `v1.${bytes.toString('base64url')}`;
    };
    const length = Buffer.from(body, 'base64url').length;

    // Act & Assess: the genuine cursor continues for its caller only.
    const next = await repo.listByEnterprise(enterpriseId, { limit: 1, caller: 'user-a', cursor: cursor! });
    expect(next.items).toHaveLength(1);
    for (const tampered of [
      flipped(0),
      flipped(13),
      flipped(length - 1),
      `${cursor}A`,
      cursor!.slice(0, -2),
    ]) {
      await expect(
        repo.listByEnterprise(enterpriseId, { limit: 1, caller: 'user-a', cursor: tampered }),
      ).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    }
    for (const caller of ['user-b', undefined]) {
      await expect(
        repo.listByEnterprise(enterpriseId, { limit: 1, ...(caller ? { caller } : {}), cursor: cursor! }),
      ).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    }
  });

  it('continues a filtered list after the last item returned, never after one filtered out', async () => {
    // Prepare: five applications, newest first e5..e1; the caller may see e4 and e1 only.
    const enterpriseId = `ent-${uid()}`;
    const ids: string[] = [];
    for (const minute of [1, 2, 3, 4, 5]) {
      const application = anApplication({ enterpriseId, createdAt: at(minute) });
      ids.push(application.applicationId);
      await repo.commit({ create: [application], events: [anEvent(application.applicationId)] });
    }
    const visible = new Set([ids[3], ids[0]]);
    const filter = { keep: (a: { applicationId: string }) => visible.has(a.applicationId) };

    // Act
    const first = await repo.listByEnterprise(enterpriseId, { limit: 1, caller: 'u' }, filter);
    const second = await repo.listByEnterprise(
      enterpriseId,
      { limit: 1, caller: 'u', cursor: first.cursor! },
      filter,
    );
    const tight = await repo.listByEnterprise(
      enterpriseId,
      { limit: 1, caller: 'u' },
      { ...filter, maxExamined: 1 },
    );

    // Assess
    expect(first.items.map((a) => a.applicationId)).toEqual([ids[3]]);
    expect(second.items.map((a) => a.applicationId)).toEqual([ids[0]]);
    expect(second.cursor).toBeUndefined();
    // The budget ran out on e5, which the caller may not see: no item, and a cursor it cannot read.
    expect(tight.items).toEqual([]);
    expect(tight.cursor).toMatch(/^v1\./);
  });

  it('rejects a limit out of range', async () => {
    await expect(repo.listByEnterprise('ent-1', { limit: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(repo.listOpenSteps('window', { limit: 101 })).rejects.toBeInstanceOf(ValidationError);
  });
});
