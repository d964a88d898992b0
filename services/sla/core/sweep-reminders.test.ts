// The sweeper's deadline reminders (提醒) on DynamoDB Local with the real workflow core, walked across the 2024
// National Day break on an injected clock (1–7 October rest; Sunday 29 September and Saturday 12 October are
// make-up working days): each reminder is recorded once, with its outbox event, however often the sweep runs.
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import type { Application } from '#shared/model';
import { anApplication, at } from '#test/support/workflow';
import { SlaScenario } from '#test/support/sla';
import { sweepDeadlines } from './sweep-deadlines.ts';

let table: TestTable;
beforeEach(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});
afterEach(() => table.drop());

const received = at('2024-09-27T08:30:00').toISOString();
const application = (applicationId: string, patch: Partial<Application> = {}) =>
  anApplication({
    applicationId,
    requiredPermits: ['construction'],
    receivedAt: received,
    createdAt: received,
    updatedAt: received,
    ...patch,
  });

function sweeping(scenario: SlaScenario) {
  return async (local: string) => {
    scenario.clock.set(at(local));
    return sweepDeadlines(scenario.sweeper());
  };
}

const reminders = async (scenario: SlaScenario, applicationId: string) =>
  (await scenario.timelineOf(applicationId, 'deadline-reminder')).map((event) => ({
    reminder: event.detail.reminder,
    deadline: event.detail.deadline,
    ...(event.detail.dueOn ? { dueOn: event.detail.dueOn } : {}),
    ...(event.stepId ? { stepId: event.stepId } : {}),
    at: event.at,
  }));

describe('sweepDeadlines: deadline reminders', () => {
  it('reminds the window once on the last working day before Art. 32 deems an intake accepted', async () => {
    // Prepare: opened Friday 27 September; 5 working days: 29, 30 September, 8, 9, 10 October.
    const scenario = new SlaScenario(table, at('2024-09-27T09:00:00'));
    await scenario.submit(application('dr-1'));
    await scenario.open('dr-1', 'intake');
    const sweepAt = sweeping(scenario);

    // Act
    const third = await sweepAt('2024-10-08T10:00:00'); // two working days left
    const fourth = await sweepAt('2024-10-09T10:00:00'); // one left: the reminder
    const fourthAgain = await sweepAt('2024-10-09T10:15:00');
    const fifth = await sweepAt('2024-10-10T10:00:00');
    const sixth = await sweepAt('2024-10-11T09:00:00'); // deemed accepted

    // Assess
    expect(third.reminded).toEqual([]);
    expect(fourth.reminded).toEqual(['dr-1/deemed-acceptance-near#intake-1']);
    expect(fourthAgain.reminded).toEqual([]);
    expect(fifth.reminded).toEqual([]);
    expect(sixth.deemedAccepted).toEqual(['dr-1/intake-1']);
    expect(await reminders(scenario, 'dr-1')).toEqual([
      {
        reminder: 'deemed-acceptance-near',
        deadline: '2024-10-10T15:59:59.999Z', // end of 10 October, Asia/Shanghai
        stepId: 'intake-1',
        at: at('2024-10-09T10:00:00').toISOString(),
      },
    ]);
    const [event] = await scenario.timelineOf('dr-1', 'deadline-reminder');
    expect(event).toMatchObject({
      actor: { userId: 'sla-sweeper', role: 'system' },
      detail: { kind: 'intake', department: 'window' },
    });
  });

  it('reminds of a tolerated gap 2 working days before its due day and once it is overdue, once each, even with two sweepers', async () => {
    // Prepare: a gap due Friday 11 October 2024, another already closed, one due much later.
    const scenario = new SlaScenario(table, at('2024-09-27T09:00:00'));
    await scenario.submit(
      application('gap-1', {
        toleratedGaps: [
          { documentKind: 'fire-safety-plan', dueOn: '2024-10-11' },
          { documentKind: 'energy-report', dueOn: '2024-10-09', closedAt: received },
          { documentKind: 'landscape-plan', dueOn: '2024-12-20' },
        ],
      }),
    );
    const sweepAt = sweeping(scenario);

    // Act
    const threeAhead = await sweepAt('2024-10-08T10:00:00'); // 9, 10, 11: three working days ahead
    const [twoAhead, twoAheadRacing] = await Promise.all([
      sweepAt('2024-10-09T10:00:00'), // 10, 11: due in two working days
      sweepDeadlines(scenario.sweeper()),
    ]);
    const dueDay = await sweepAt('2024-10-11T23:00:00');
    const makeUpSaturday = await sweepAt('2024-10-12T09:00:00'); // overdue
    const later = await sweepAt('2024-10-14T09:00:00');

    // Assess
    expect(threeAhead.reminded).toEqual([]);
    expect([...twoAhead.reminded, ...twoAheadRacing.reminded]).toEqual([
      'gap-1/gap-due-soon#fire-safety-plan#2024-10-11',
    ]);
    expect(dueDay.reminded).toEqual([]);
    expect(makeUpSaturday.reminded).toEqual(['gap-1/gap-overdue#fire-safety-plan#2024-10-11']);
    expect(later.reminded).toEqual([]);
    expect(await reminders(scenario, 'gap-1')).toEqual([
      {
        reminder: 'gap-due-soon',
        deadline: '2024-10-11T15:59:59.999Z',
        dueOn: '2024-10-11',
        at: at('2024-10-09T10:00:00').toISOString(),
      },
      {
        reminder: 'gap-overdue',
        deadline: '2024-10-11T15:59:59.999Z',
        dueOn: '2024-10-11',
        at: at('2024-10-12T09:00:00').toISOString(),
      },
    ]);
  });

  it('stops reading an application once its gaps are closed: the index entry goes with the last open gap', async () => {
    // Prepare
    const scenario = new SlaScenario(table, at('2024-09-27T09:00:00'));
    const stored = await scenario.submit(
      application('gap-2', { toleratedGaps: [{ documentKind: 'fire-safety-plan', dueOn: '2024-10-11' }] }),
    );
    const listed = () =>
      scenario.deps.repository.listApplicationsWithOpenGaps({ dueOnOrBefore: '2024-12-31' });
    const before = await listed();

    // Act: the enterprise supplies the document (the application's whole-item Put drops the index entry).
    const current = await scenario.deps.repository.getApplication(stored.applicationId);
    await scenario.deps.repository.commit({
      update: [
        {
          ...current,
          toleratedGaps: [{ documentKind: 'fire-safety-plan', dueOn: '2024-10-11', closedAt: received }],
        },
      ],
      events: [
        {
          applicationId: 'gap-2',
          eventId: 'gap-closed-1',
          at: received,
          type: 'gap-closed',
          actor: { userId: 'ent-user', role: 'enterprise' },
          detail: {},
        },
      ],
    });
    const result = await sweeping(scenario)('2024-10-12T09:00:00');

    // Assess
    expect(before.items).toEqual([{ applicationId: 'gap-2' }]);
    expect((await listed()).items).toEqual([]);
    expect(result.reminded).toEqual([]);
  });

  it('reminds the department and the enterprise of a verification due within 5 working days, once', async () => {
    // Prepare: a verification with an 8-day budget opened Friday 27 September is due at the end of 14 October
    // (29, 30 Sep, 8–12 Oct, 14 Oct); 5 working days ahead of it is Tuesday 8 October.
    const scenario = new SlaScenario(table, at('2024-09-27T09:00:00'));
    const budgets = scenario.deps.config.stepBudgets;
    scenario.deps.config = {
      ...scenario.deps.config,
      stepBudgets: {
        ...budgets,
        regular: { ...budgets.regular, 'commitment-verification': 8 },
      },
    };
    await scenario.submit(application('ver-1'));
    await scenario.open('ver-1', 'verification', { department: 'natural-resources' });
    const sweepAt = sweeping(scenario);

    // Act
    const holiday = await sweepAt('2024-10-03T10:00:00');
    const sixAhead = await sweepAt('2024-09-30T10:00:00');
    const fiveAhead = await sweepAt('2024-10-08T10:00:00');
    const again = await sweepAt('2024-10-09T10:00:00');

    // Assess
    expect(holiday.reminded).toEqual([]);
    expect(sixAhead.reminded).toEqual([]);
    expect(fiveAhead.reminded).toEqual(['ver-1/verification-due-soon#verification-1']);
    expect(again.reminded).toEqual([]);
    expect(await reminders(scenario, 'ver-1')).toEqual([
      {
        reminder: 'verification-due-soon',
        deadline: '2024-10-14T15:59:59.999Z',
        stepId: 'verification-1',
        at: at('2024-10-08T10:00:00').toISOString(),
      },
    ]);
  });
});
