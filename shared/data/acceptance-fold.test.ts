// 受理 in three writes, against DynamoDB Local: the acceptance rides on the intake step it closes, every read of the
// application folds it in until the application's next write stores it, and nothing is lost to a race.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Conflict } from '#shared/errors';
import type { Application, Step } from '#shared/model';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { anApplication, anEvent, aStep, at } from '#test/support/stored-records';
import type { AcceptanceFold } from './ports.ts';
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

/** The window's intake step (no permit), open. */
function anIntakeStep(applicationId: string): Step {
  const { permitType: _reviewOnly, ...intake } = aStep(applicationId, {
    stepId: 'intake-1',
    kind: 'intake',
    department: 'window',
    openedAt: at(1),
    budgetDays: 1,
    dueAt: at(59),
  });
  return intake;
}

/** A filed application with its open intake step, as stored. */
async function filed(): Promise<{ application: Application; step: Step }> {
  const application = anApplication();
  const step = anIntakeStep(application.applicationId);
  const { created } = await repo.commit({
    create: [application, step],
    events: [anEvent(application.applicationId, { eventId: 'filed', at: at(0) })],
  });
  return { application: created[0], step: created[1] };
}

/** The intake decided 'accepted' at minute 10: the closed step and the acceptance it carries. */
function accepting(application: Application, step: Step) {
  const closed: Step = {
    ...step,
    status: 'closed',
    closedAt: at(10),
    decision: { outcome: 'accepted', decidedBy: 'clerk-1', decidedAt: at(10) },
  };
  const acceptance: AcceptanceFold = {
    applicationId: application.applicationId,
    status: 'accepted',
    acceptedAt: at(10),
    updatedAt: at(10),
    configRevision: 3,
    toleratedGaps: [{ documentKind: 'environmental-report', dueOn: '2025-03-20' }],
  };
  return { closed, acceptance };
}

async function storedApplicationItem(applicationId: string) {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: { pk: `APP#${applicationId}`, sk: 'A' } }),
  );
  return Item;
}

describe('an acceptance carried by the intake step', () => {
  it('leaves the application item as it was, reads accepted everywhere, and is stored by the next write', async () => {
    // Prepare
    const { application, step } = await filed();
    const { closed, acceptance } = accepting(application, step);

    // Act
    await repo.commit({
      update: [closed],
      acceptance,
      events: [anEvent(application.applicationId, { eventId: 'accepted', at: at(10) })],
    });
    const reads = [
      await repo.getApplication(application.applicationId),
      (await repo.getApplicationWithSteps(application.applicationId)).application,
      (await repo.getApplicationRecord(application.applicationId)).application,
    ];
    // The enterprise's list (GSI1, eventually consistent) shows the item as stored until its next write.
    const listed = (await repo.listByEnterprise(application.enterpriseId)).items[0];
    const next = { ...reads[0]!, status: 'in-review' as const, updatedAt: at(11) };
    await repo.commit({
      update: [next],
      events: [anEvent(application.applicationId, { eventId: 'review', at: at(11) })],
    });

    // Assess
    for (const read of reads) {
      expect(read).toEqual({ ...application, ...acceptance, version: 1 });
    }
    expect(listed).toMatchObject({ status: 'submitted', version: 1 });
    expect(await storedApplicationItem(application.applicationId)).toMatchObject({
      status: 'in-review',
      acceptedAt: at(10),
      configRevision: 3,
      toleratedGaps: acceptance.toleratedGaps,
      version: 2,
    });
    expect(await repo.getApplication(application.applicationId)).toMatchObject({
      status: 'in-review',
      acceptedAt: at(10),
      version: 2,
    });
    const { steps } = await repo.getApplicationWithSteps(application.applicationId);
    expect(steps[0]).not.toHaveProperty('acceptance');
  });

  it('keeps a change written from a read before the acceptance, with the acceptance laid over it', async () => {
    // Prepare: a writer reads the filed application, then the clerk's acceptance lands first.
    const { application, step } = await filed();
    const readBefore = await repo.getApplication(application.applicationId);
    const { closed, acceptance } = accepting(application, step);
    await repo.commit({
      update: [closed],
      acceptance,
      events: [anEvent(application.applicationId, { eventId: 'accepted', at: at(10) })],
    });

    // Act: the writer's own change, at the version it read (still the stored one).
    await repo.commit({
      update: [{ ...readBefore, executionArn: 'arn:aws:states:::execution:m:x', updatedAt: at(12) }],
      events: [anEvent(application.applicationId, { eventId: 'started', at: at(12) })],
    });

    // Assess
    expect(await repo.getApplication(application.applicationId)).toMatchObject({
      executionArn: 'arn:aws:states:::execution:m:x',
      status: 'accepted',
      acceptedAt: at(10),
      configRevision: 3,
      updatedAt: at(12),
      version: 2,
    });
  });

  it('refuses a change whose rule read the intake step open once it is closed (unchanged), writing nothing', async () => {
    // Prepare: the enterprise read the intake open; the acceptance landed first.
    const { application, step } = await filed();
    const { closed, acceptance } = accepting(application, step);
    await repo.commit({
      update: [closed],
      acceptance,
      events: [anEvent(application.applicationId, { eventId: 'accepted', at: at(10) })],
    });

    // Act
    const signing = repo.commit({
      update: [{ ...application, updatedAt: at(12) }],
      unchanged: [step],
      events: [anEvent(application.applicationId, { eventId: 'signed', at: at(12) })],
    });

    // Assess
    await expect(signing).rejects.toMatchObject({ code: 'STALE_VERSION' });
    await expect(signing).rejects.toBeInstanceOf(Conflict);
    expect(await storedApplicationItem(application.applicationId)).toMatchObject({ version: 1 });
    expect((await repo.getTimeline(application.applicationId)).map((e) => e.eventId)).toEqual([
      'filed',
      'accepted',
    ]);
  });

  it('drops the acceptance with the step when the decision is voided (the step cancelled)', async () => {
    // Prepare
    const { application, step } = await filed();
    const { closed, acceptance } = accepting(application, step);
    const { updated } = await repo.commit({
      update: [closed],
      acceptance,
      events: [anEvent(application.applicationId, { eventId: 'accepted', at: at(10) })],
    });

    // Act
    const { decision: _voided, ...rest } = updated[0];
    await repo.commit({
      update: [{ ...rest, status: 'cancelled' }],
      events: [anEvent(application.applicationId, { eventId: 'expired', at: at(11) })],
    });

    // Assess
    expect(await repo.getApplication(application.applicationId)).toEqual(application);
  });

  it('refuses an acceptance beside its application item, or on anything but one closed intake step', async () => {
    // Prepare
    const { application, step } = await filed();
    const { closed, acceptance } = accepting(application, step);
    const event = [anEvent(application.applicationId, { eventId: 'accepted', at: at(10) })];

    // Act
    const beside = repo.commit({ update: [closed, application], acceptance, events: event });
    const open = repo.commit({ update: [step], acceptance, events: event });

    // Assess
    await expect(beside).rejects.toThrow(/rides on the one intake step/);
    await expect(open).rejects.toThrow(/rides on the one intake step/);
    expect(await repo.getApplication(application.applicationId)).toEqual(application);
  });
});
