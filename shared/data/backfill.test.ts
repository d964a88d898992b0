// The one-time backfills on DynamoDB Local: items written before GSI3 / GSI4 existed (their index attributes
// removed here) get them, a second run changes nothing, and a run resumed from a checkpoint finishes the work.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { anApplication, aStep } from '#test/support/fixtures';
import { applicationKey, stepKey } from './keys.ts';
import { DynamoDbRepository } from './repository.ts';
import { DynamoDbSearchIndex } from './search-index.ts';
import { allApplicationsSearchPartition, departmentSearchPartition } from './search-keys.ts';
import { backfillHeldSteps, backfillNotices, backfillSearch, type Checkpoint } from './backfill.ts';
import { loadOfficialCalendar } from '#shared/calendar/index';
import { noticeContextOf } from '#shared/notices/model';
import { DEFAULT_SERVICE_CONFIG } from '#shared/service-config/config';

let table: TestTable;
let repository: DynamoDbRepository;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  repository = new DynamoDbRepository({ client: table.client, tableName: table.tableName });
  for (let i = 0; i < 5; i++) {
    const applicationId = `old-${i}`;
    await repository.commit({
      create: [
        anApplication({ applicationId, enterpriseId: 'ent-old', status: 'in-review' }),
        aStep({ applicationId, stepId: 'intake-1', status: 'closed' }),
        aStep({
          applicationId,
          stepId: 'review-construction-1',
          kind: 'review',
          department: 'housing-construction',
          taskToken: 't',
        }),
      ],
      events: [
        {
          applicationId,
          eventId: `e-${i}`,
          at: '2025-02-03T01:00:00.000Z',
          type: 'application-submitted',
          actor: { userId: 'u', role: 'enterprise' },
          detail: {},
        },
      ],
    });
    // As written before the indexes: no GSI3 on the open step, no GSI4 and no departments on the application.
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: stepKey(applicationId, 'review-construction-1'),
        UpdateExpression: 'REMOVE gsi3pk, gsi3sk',
      }),
    );
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: applicationKey(applicationId),
        UpdateExpression: 'REMOVE gsi4pk, gsi4sk',
      }),
    );
  }
});
afterAll(async () => {
  await table?.drop();
});

describe('backfillHeldSteps', () => {
  it('files every open step under its holder once, and resumes from a checkpoint', async () => {
    // Prepare
    const target = { client: table.client, tableName: table.tableName };
    expect((await repository.listHeldSteps('housing-construction', undefined)).items).toHaveLength(0);

    // Act: a run that stops after its first checkpoint, then one resumed from there, then one more
    const checkpoints: Checkpoint[] = [];
    const first = await backfillHeldSteps(target, ['window', 'housing-construction'], {
      onCheckpoint: (c) => {
        checkpoints.push(c);
      },
    });
    const resumed = await backfillHeldSteps(target, ['window', 'housing-construction'], {
      from: checkpoints[0],
    });
    const again = await backfillHeldSteps(target, ['window', 'housing-construction']);

    // Assess
    expect(first).toEqual({ examined: 5, updated: 5 });
    expect(resumed.updated).toBe(0);
    expect(again).toEqual({ examined: 5, updated: 0 });
    expect((await repository.listHeldSteps('housing-construction', undefined)).items).toHaveLength(5);
  });
});

describe('backfillSearch', () => {
  it('files every application of the enterprises for the search, with the departments of its steps', async () => {
    // Prepare
    const target = { client: table.client, tableName: table.tableName };
    const index = new DynamoDbSearchIndex(target);

    // Act
    const first = await backfillSearch(target, ['ent-old', 'ent-none']);
    const again = await backfillSearch(target, ['ent-old', 'ent-none']);

    // Assess
    expect(first).toEqual({ examined: 5, updated: 5 });
    expect(again).toEqual({ examined: 5, updated: 0 });
    expect((await index.slice(allApplicationsSearchPartition, {}, { limit: 10 })).entries).toHaveLength(5);
    const housing = await index.slice(departmentSearchPartition('housing-construction'), {}, { limit: 10 });
    expect(housing.entries.map((e) => e.facets.applicationId).sort()).toEqual([
      'old-0',
      'old-1',
      'old-2',
      'old-3',
      'old-4',
    ]);
    expect((await repository.getApplication('old-0')).departments).toEqual([
      'window',
      'housing-construction',
    ]);
  });
});

describe('backfillNotices (公示)', () => {
  it('publishes the notices of permits issued and revoked before notices existed, once however often it runs', async () => {
    // Prepare: an application issued and partly revoked, written as before notices (no notice items)
    const issuedAt = '2024-11-05T02:00:00.000Z';
    const revokedAt = '2024-12-20T03:00:00.000Z';
    await repository.commit({
      create: [
        anApplication({
          applicationId: 'old-issued',
          enterpriseId: 'ent-notices-old',
          status: 'revoked',
          issuedAt,
          permits: [
            { permitType: 'construction', certificateNo: 'SGXK-2024-OLD', issuedAt, basis: 'review' },
            {
              permitType: 'land-use-planning',
              certificateNo: 'YDGH-2024-OLD',
              issuedAt,
              basis: 'commitment',
              revokedAt,
            },
          ],
        }),
        anApplication({ applicationId: 'old-refused', enterpriseId: 'ent-notices-old', status: 'refused' }),
      ],
      events: [
        {
          applicationId: 'old-issued',
          eventId: 'e-old',
          at: issuedAt,
          type: 'permits-issued',
          actor: { userId: 'workflow', role: 'system' },
          detail: {},
        },
      ],
    });
    const contextOf = () => noticeContextOf(DEFAULT_SERVICE_CONFIG, loadOfficialCalendar());

    // Act
    const first = await backfillNotices(table, ['ent-notices-old'], contextOf);
    const again = await backfillNotices(table, ['ent-notices-old'], contextOf);

    // Assess: three notices, each in every notice's partition and its department's; nothing the second time
    expect(first).toEqual({ examined: 2, updated: 6 });
    expect(again).toEqual({ examined: 2, updated: 0 });
    const all = await repository.listNotices({}, { limit: 100 });
    expect(all.items.map((n) => [n.certificateNo, n.kind, n.date])).toEqual([
      ['YDGH-2024-OLD', 'revoked', '2024-12-20'],
      ['YDGH-2024-OLD', 'issued', '2024-11-05'],
      ['SGXK-2024-OLD', 'issued', '2024-11-05'],
    ]);
    const housing = await repository.listNotices({ department: 'housing-construction' }, { limit: 100 });
    expect(housing.items.map((n) => n.certificateNo)).toEqual(['SGXK-2024-OLD']);
  });
});
