// How audit events are written, checked where they are built: the repository's transaction appends events
// only (Put if absent) and updates nothing but counters and a failing application's status; a second write of
// an event is refused and changes nothing; the model refuses an event that hides on whose behalf an agency
// officer acted; and the code that can update or delete items at all is a short, reviewed list.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { anApplication, anEvent, aStep } from '#test/support/fixtures';
import { createDocumentClient } from '#shared/data/client';
import { DynamoDbRepository } from '#shared/data/repository';
import { auditEventSchema } from '#shared/model';
import { createTestTable, type TestTable } from '#test/support/dynamodb';

const projectRoot = new URL('../../', import.meta.url).pathname;

describe('DynamoDbRepository.commit', () => {
  it('appends each event with a Put conditioned on its absence, and updates only counters', async () => {
    // Prepare
    const ddb = mockClient(DynamoDBDocumentClient);
    ddb.on(TransactWriteCommand).resolves({});
    const repository = new DynamoDbRepository({
      client: createDocumentClient({ endpoint: 'http://127.0.0.1:1' }),
      tableName: 't',
    });

    try {
      // Act: a change with every kind of write a commit can hold.
      await repository.commit({
        create: [aStep({ stepId: 'review-construction-1', kind: 'review', permitType: 'construction' })],
        update: [anApplication()],
        events: [anEvent({ eventId: 'e-1' }), anEvent({ eventId: 'e-2', type: 'step-decided' })],
        counters: [{ dimension: 'steps:window:intake:regular', month: '2025-03', add: { closed: 1 } }],
      });
      await repository.commit({
        events: [
          anEvent({
            eventId: 'e-3',
            type: 'application-failed',
            fromStatus: 'submitted',
            toStatus: 'failed',
          }),
        ],
        failApplication: { applicationId: 'app-1', version: 1, at: '2025-03-03T01:00:00.000Z' },
      });

      // Assess
      const actions = ddb
        .commandCalls(TransactWriteCommand)
        .flatMap((call) => call.args[0].input.TransactItems ?? []);
      const onEvents = actions.filter((a) =>
        String((a.Put?.Item ?? a.Update?.Key ?? a.Delete?.Key)?.sk).startsWith('EVT#'),
      );
      expect(onEvents).toHaveLength(3);
      for (const action of onEvents) {
        expect(Object.keys(action)).toEqual(['Put']);
        expect(action.Put!.ConditionExpression).toBe('attribute_not_exists(#pk)');
      }
      expect(actions.some((a) => a.Delete !== undefined)).toBe(false);
      const updated = actions.flatMap((a) => (a.Update ? [a.Update] : []));
      expect(updated.map((u) => `${u.Key!.pk}|${u.Key!.sk}`)).toEqual([
        expect.stringMatching(/^COUNTER#/),
        'APP#app-1|A',
      ]);
      expect(updated[1]!.UpdateExpression).toBe('SET #status = :failed, #updatedAt = :at, #version = :next');
    } finally {
      ddb.restore();
    }
  });

  describe('on DynamoDB Local', () => {
    let table: TestTable;
    beforeAll(async () => {
      table = await createTestTable(inject('dynamoEndpoint'));
    });
    afterAll(async () => {
      await table?.drop();
    });

    it('refuses to write an event a second time, and writes nothing of that change', async () => {
      // Prepare
      const repository = new DynamoDbRepository({ client: table.client, tableName: table.tableName });
      const application = anApplication({ applicationId: 'app-append-only' });
      const event = anEvent({
        applicationId: application.applicationId,
        eventId: 'e-once',
        detail: { n: 1 },
      });
      await repository.commit({ create: [application], events: [event] });

      // Act: the same event key, rewritten, together with a change of the application.
      const rewrite = repository.commit({
        update: [{ ...application, projectName: 'rewritten' }],
        events: [{ ...event, detail: { n: 2 } }],
      });

      // Assess
      await expect(rewrite).rejects.toMatchObject({ status: 409, code: 'ALREADY_EXISTS' });
      expect(await repository.getTimeline(application.applicationId)).toEqual([event]);
      expect(await repository.getApplication(application.applicationId)).toEqual(application);
    });
  });
});

describe('auditEventSchema', () => {
  it('refuses an agency officer’s event that does not say for which enterprise', () => {
    const event = anEvent({ actor: { userId: 'agent-1', role: 'agency-officer' } });

    expect(auditEventSchema.safeParse(event).error?.issues.map((i) => i.path.join('.'))).toEqual([
      'onBehalfOf',
    ]);
    expect(auditEventSchema.safeParse({ ...event, onBehalfOf: 'ent-1' }).success).toBe(true);
  });

  it('refuses a status change without the status it led to', () => {
    const event = anEvent({ fromStatus: 'submitted' });

    expect(auditEventSchema.safeParse(event).error?.issues.map((i) => i.path.join('.'))).toEqual([
      'toStatus',
    ]);
  });
});

describe('the code that updates or deletes items', () => {
  /**
   * Every module that builds an UpdateItem or DeleteItem, with what it may touch. Events are never among them:
   * the lifecycle test (append-only.test.ts) checks every request on the wire; this list makes a new write path
   * fail here until someone has looked at it.
   */
  const reviewed: Record<string, string> = {
    'shared/data/repository.ts':
      'counters (ADD), a failing application’s status, a step’s task token and version; events are Put if absent',
    'shared/data/idempotency-store.ts': 'idempotency records (IDEM#), the only items ever deleted',
    'shared/data/calendar-store.ts':
      'calendar configuration items (CONFIG#calendar); its own audit events are Put if absent',
    'shared/data/backfill.ts':
      'the one-time index backfill (scripts/backfill-indexes.ts): GSI3 keys on open steps and the search keys and ' +
      'departments of applications, each conditioned on the version read; never an event',
    'services/notifications/adapters/dynamodb-notification-store.ts':
      'notification centres (INBOX#<user>: read marks, the unread counter, delivery claims); never an APP# item',
    'scripts/bench/peer/bpmn-server.ts':
      'the benchmark’s BPMN peer: its own state and permit items in a table of its own (BatchWrite at issuance); ' +
      'never the platform’s table',
  };

  it('is exactly the reviewed list', () => {
    // Act
    const writers = sources(['services', 'shared', 'infra', 'scripts']).filter((file) =>
      /\b(UpdateCommand|UpdateItemCommand|DeleteCommand|DeleteItemCommand|BatchWriteCommand|BatchWriteItemCommand)\b|\b(Update|Delete)\s*:\s*\{|DeleteRequest/.test(
        readFileSync(join(projectRoot, file), 'utf8'),
      ),
    );

    // Assess
    expect(writers.sort()).toEqual(Object.keys(reviewed).sort());
  });

  it('never names an event key in them, except the repository, which only Puts events', () => {
    for (const file of Object.keys(reviewed).filter((f) => f !== 'shared/data/repository.ts')) {
      const text = readFileSync(join(projectRoot, file), 'utf8');
      const eventKeyUses = text.match(/\beventKey\(|eventSortKeyPrefix/g) ?? [];
      expect(eventKeyUses, file).toEqual([]);
    }
  });
});

/** Source files under the folders, relative to the project root; tests and test support left out. */
function sources(folders: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === 'node_modules' || name === 'testing') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.includes('test-helpers')) {
        found.push(relative(projectRoot, path));
      }
    }
  };
  for (const folder of folders) walk(join(projectRoot, folder));
  return found;
}
