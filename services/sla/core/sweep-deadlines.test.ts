// The sweeper on DynamoDB Local with the real workflow core, walked across the 2024 National Day break on an
// injected clock. 2024: 1–7 October rest, Sunday 29 September and Saturday 12 October are make-up working days.
// A review opened on Friday 27 September with 8 working days counts 29 Sep (1), 30 Sep (2), 8–11 Oct (3–6),
// Saturday 12 Oct (7), Monday 14 Oct (8): due at the end of 14 October. Two thirds used is 6 days (11 Oct).
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { DynamoDbRepository } from '#shared/data/repository';
import type { Application } from '#shared/model';
import { anApplication, at } from '#test/support/workflow';
import { SlaScenario } from '#test/support/sla';
import { workflowConfig } from '#shared/config';
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

/** A construction review (housing-construction, 8 working days) opened Friday 27 September 2024, 10:05. */
async function reviewOpenedBeforeNationalDay(applicationId: string): Promise<SlaScenario> {
  const scenario = new SlaScenario(table, at('2024-09-27T09:00:00'));
  await scenario.acceptAndOpenReviews(await scenario.submit(application(applicationId)));
  return scenario;
}

describe('sweepDeadlines', () => {
  it('warns on the working day two thirds are used and escalates the day after the due day, once each', async () => {
    // Prepare
    const scenario = await reviewOpenedBeforeNationalDay('nd-1');
    const id = 'nd-1/review-construction-1';
    const sweepAt = async (local: string) => {
      scenario.clock.set(at(local));
      return sweepDeadlines(scenario.sweeper());
    };

    // Act
    const makeUpSunday = await sweepAt('2024-09-29T10:00:00'); // used 1 (a make-up working day)
    const holiday = await sweepAt('2024-10-03T10:00:00'); // used 2
    const fifthDay = await sweepAt('2024-10-10T10:00:00'); // used 5 of 8: under two thirds
    const sixthDay = await sweepAt('2024-10-11T10:00:00'); // used 6 of 8
    const sixthDayAgain = await sweepAt('2024-10-11T10:15:00');
    const makeUpSaturday = await sweepAt('2024-10-12T10:00:00'); // used 7: one day left, still yellow
    const dueDayEvening = await sweepAt('2024-10-14T23:30:00'); // the due day has not ended yet
    const dayAfter = await sweepAt('2024-10-15T09:00:00');
    const dayAfterAgain = await sweepAt('2024-10-15T09:15:00');

    // Assess
    for (const quiet of [makeUpSunday, holiday, fifthDay]) {
      expect(quiet).toMatchObject({ examined: 1, warned: [], overdue: [], escalated: [] });
    }
    expect(sixthDay).toMatchObject({ warned: [id], overdue: [], escalated: [] });
    for (const quiet of [sixthDayAgain, makeUpSaturday, dueDayEvening, dayAfterAgain]) {
      expect(quiet).toMatchObject({ warned: [], overdue: [], escalated: [], skipped: [] });
    }
    expect(dayAfter).toMatchObject({ warned: [], overdue: [id], escalated: [id] });

    const due = '2024-10-14T15:59:59.999Z'; // end of 14 October in Asia/Shanghai
    // The outbox (what the bus carries): a warning, then red and escalated in one record.
    const outbox = await scenario.outbox('nd-1');
    expect(outbox.map((o) => o.label)).toEqual(['step-warned:yellow', 'step-escalated']);
    expect(outbox[0]!.event).toMatchObject({
      applicationId: 'nd-1',
      stepId: 'review-construction-1',
      detail: {
        department: 'housing-construction',
        dueAt: due,
        slaStatus: 'yellow',
        usedDays: 6,
        remainingDays: 2,
      },
    });
    expect(outbox[1]!.event).toMatchObject({
      at: at('2024-10-15T09:00:00').toISOString(),
      detail: { dueAt: due, slaStatus: 'red', overdue: true, escalated: true },
    });
    expect(await scenario.step('nd-1', 'review-construction-1')).toMatchObject({
      slaStatus: 'red',
      dueAt: due,
      escalatedAt: at('2024-10-15T09:00:00').toISOString(),
    });
    const types = await scenario.timelineTypes('nd-1');
    expect(types.filter((t) => t === 'step-warned' || t === 'step-escalated')).toEqual([
      'step-warned',
      'step-escalated',
    ]);
    expect(scenario.metrics.counts.Escalations).toBe(1);
  });

  it("warns by the thresholds of the application's own track (预警 per track)", async () => {
    // Prepare: a regular application's review; the standard-land track warns at half the budget used.
    const scenario = await reviewOpenedBeforeNationalDay('nd-track');
    const id = 'nd-track/review-construction-1';
    const half = { yellowRemainingDays: 1, yellowUsedFraction: 0.5 };
    const twoThirds = { yellowRemainingDays: 1, yellowUsedFraction: 2 / 3 };
    scenario.clock.set(at('2024-10-10T10:00:00')); // used 5 of 8: past half, under two thirds

    // Act
    scenario.deps.config = workflowConfig({
      thresholdsByTrack: { regular: twoThirds, 'standard-land': half },
    });
    const underItsOwn = await sweepDeadlines(scenario.sweeper());
    scenario.deps.config = workflowConfig({
      thresholdsByTrack: { regular: half, 'standard-land': twoThirds },
    });
    const overItsOwn = await sweepDeadlines(scenario.sweeper());

    // Assess
    expect(underItsOwn).toMatchObject({ examined: 1, warned: [] });
    expect(overItsOwn).toMatchObject({ warned: [id] });
  });

  it('keeps the task token on the step it warns and escalates, though the indexes it lists from carry none', async () => {
    // Prepare
    const scenario = await reviewOpenedBeforeNationalDay('nd-tt');
    const token = (await scenario.step('nd-tt', 'review-construction-1')).taskToken;
    const repository = new DynamoDbRepository({ client: table.client, tableName: table.tableName });

    // Act
    scenario.clock.set(at('2024-10-11T10:00:00'));
    await sweepDeadlines(scenario.sweeper());
    scenario.clock.set(at('2024-10-15T09:00:00'));
    const escalated = await sweepDeadlines(scenario.sweeper());
    const inbox = await repository.listOpenSteps('housing-construction');
    const board = await repository.listEscalatedSteps();

    // Assess
    expect(token).toEqual(expect.any(String));
    expect(escalated.escalated).toEqual(['nd-tt/review-construction-1']);
    expect(await scenario.step('nd-tt', 'review-construction-1')).toMatchObject({
      taskToken: token,
      slaStatus: 'red',
    });
    expect(inbox.items.map((step) => step.stepId)).toEqual(['review-construction-1']);
    expect(board.items.map((step) => step.stepId)).toEqual(['review-construction-1']);
    for (const step of [...inbox.items, ...board.items]) {
      expect(step).not.toHaveProperty('taskToken');
      expect(step).toMatchObject({ department: 'housing-construction', status: 'open', version: 3 });
    }
  });

  it('keeps an escalated step on the board until the department closes it, counted late', async () => {
    // Prepare
    const scenario = await reviewOpenedBeforeNationalDay('nd-2');
    scenario.clock.set(at('2024-10-15T09:00:00'));
    await sweepDeadlines(scenario.sweeper());

    // Act
    const listed = await boardOf();
    scenario.clock.set(at('2024-10-16T10:00:00'));
    await scenario.decide('nd-2', 'review-construction-1', 'approved');

    // Assess
    expect(listed).toEqual([
      expect.objectContaining({
        applicationId: 'nd-2',
        stepId: 'review-construction-1',
        escalatedAt: at('2024-10-15T09:00:00').toISOString(),
      }),
    ]);
    expect(await boardOf()).toEqual([]);
    // The intake was decided within its day; the review a day late.
    expect(scenario.metrics.counts).toEqual({ Escalations: 1, StepsClosedOnTime: 1, StepsClosedLate: 1 });
  });

  it('does not charge a supplement pause: the warning and the escalation move by the paused days', async () => {
    // Prepare: supplement requested Wednesday 9 October (4 days used), answered Wednesday 16 October. Paused:
    // 10, 11, 12 (make-up), 14, 15, 16 October = 6 working days. Then 17 Oct (5), 18 Oct (6: yellow),
    // 21 Oct (7), 22 Oct (8): due at the end of 22 October.
    const scenario = await reviewOpenedBeforeNationalDay('nd-3');
    scenario.clock.set(at('2024-10-09T10:00:00'));
    await scenario.decide('nd-3', 'review-construction-1', 'supplement-requested');
    await scenario.open('nd-3', 'review-supplement', { permitType: 'construction' });
    const sweepAt = async (local: string) => {
      scenario.clock.set(at(local));
      return sweepDeadlines(scenario.sweeper());
    };

    // Act
    const whilePaused = await sweepAt('2024-10-11T10:00:00'); // would be the warning day without the pause
    const longAfterDue = await sweepAt('2024-10-15T10:00:00'); // would be overdue without the pause
    scenario.clock.set(at('2024-10-16T10:00:00'));
    await scenario.decide('nd-3', 'review-supplement-construction-1', 'resubmitted');
    scenario.clock.advance(5);
    await scenario.open('nd-3', 'review', { permitType: 'construction' });
    const fifthDay = await sweepAt('2024-10-17T10:00:00');
    const sixthDay = await sweepAt('2024-10-18T10:00:00');
    const dueDay = await sweepAt('2024-10-22T18:00:00');
    const dayAfter = await sweepAt('2024-10-23T09:00:00');

    // Assess
    const id = 'nd-3/review-construction-2';
    expect(whilePaused).toMatchObject({ examined: 0, warned: [], escalated: [] });
    expect(longAfterDue).toMatchObject({ examined: 0, warned: [], escalated: [] });
    expect(fifthDay).toMatchObject({ warned: [], escalated: [] });
    expect(sixthDay).toMatchObject({ warned: [id], escalated: [] });
    expect(dueDay).toMatchObject({ warned: [], escalated: [] });
    expect(dayAfter).toMatchObject({ overdue: [id], escalated: [id] });
    const outbox = await scenario.outbox('nd-3');
    expect(outbox[0]!.event.detail).toMatchObject({
      dueAt: '2024-10-22T15:59:59.999Z',
      usedDays: 6,
      remainingDays: 2,
    });
    expect(outbox.map((o) => o.label)).toEqual(['step-warned:yellow', 'step-escalated']);
  });

  it('records one event per transition and one escalation when two sweepers run at once', async () => {
    // Prepare
    const scenario = await reviewOpenedBeforeNationalDay('nd-4');

    // Act
    scenario.clock.set(at('2024-10-11T10:00:00'));
    const warned = await Promise.all([
      sweepDeadlines(scenario.sweeper()),
      sweepDeadlines(scenario.sweeper()),
    ]);
    scenario.clock.set(at('2024-10-15T09:00:00'));
    const escalated = await Promise.all([
      sweepDeadlines(scenario.sweeper()),
      sweepDeadlines(scenario.sweeper()),
      sweepDeadlines(scenario.sweeper()),
    ]);

    // Assess
    expect(warned.flatMap((r) => r.warned)).toEqual(['nd-4/review-construction-1']);
    expect(escalated.flatMap((r) => r.escalated)).toEqual(['nd-4/review-construction-1']);
    expect((await scenario.outbox('nd-4')).map((o) => o.label)).toEqual([
      'step-warned:yellow',
      'step-escalated',
    ]);
    const types = await scenario.timelineTypes('nd-4');
    expect(types.filter((t) => t === 'step-warned')).toHaveLength(1);
    expect(types.filter((t) => t === 'step-escalated')).toHaveLength(1);
    expect(scenario.metrics.counts.Escalations).toBe(1);
  });

  it('does not warn a 1-day intake on arrival: yellow on its due day (a make-up Sunday), red the day after', async () => {
    // Prepare: received and opened Friday 27 September; its one working day is Sunday 29 September.
    const scenario = new SlaScenario(table, at('2024-09-27T09:00:00'));
    await scenario.submit(application('in-1'));
    await scenario.open('in-1', 'intake');
    const sweepAt = async (local: string) => {
      scenario.clock.set(at(local));
      return sweepDeadlines(scenario.sweeper());
    };

    // Act
    const opened = await scenario.step('in-1', 'intake-1');
    const arrivalDay = await sweepAt('2024-09-27T17:00:00');
    const saturday = await sweepAt('2024-09-28T10:00:00');
    const dueDay = await sweepAt('2024-09-29T10:00:00');
    const dayAfter = await sweepAt('2024-09-30T10:00:00');

    // Assess
    expect(opened.slaStatus).toBe('green');
    expect(arrivalDay).toMatchObject({ examined: 1, warned: [], escalated: [] });
    expect(saturday).toMatchObject({ warned: [], escalated: [] });
    expect(dueDay).toMatchObject({ warned: ['in-1/intake-1'], escalated: [] });
    expect(dayAfter).toMatchObject({ escalated: ['in-1/intake-1'] });
    expect((await boardOf()).map((step) => step.department)).toEqual(['window']);
  });

  it('deems an intake undecided past 5 working days accepted from the day of receipt (Art. 32), once', async () => {
    // Prepare: 5 working days after Friday 27 September: 29, 30 September, 8, 9, 10 October.
    const scenario = new SlaScenario(table, at('2024-09-27T09:00:00'));
    await scenario.submit(application('in-2'));
    const { token } = await scenario.open('in-2', 'intake');
    const sweepAt = async (local: string) => {
      scenario.clock.set(at(local));
      return sweepDeadlines(scenario.sweeper());
    };

    // Act
    const fifthDay = await sweepAt('2024-10-10T16:00:00');
    const sixthDay = await sweepAt('2024-10-11T09:00:00');
    const again = await sweepAt('2024-10-11T09:15:00');

    // Assess
    expect(fifthDay.deemedAccepted).toEqual([]);
    expect(sixthDay.deemedAccepted).toEqual(['in-2/intake-1']);
    expect(again).toMatchObject({ examined: 0, deemedAccepted: [] });
    const accepted = await scenario.deps.repository.getApplication('in-2');
    expect(accepted).toMatchObject({
      status: 'accepted',
      acceptedAt: received,
      sla: { clockStartedAt: received },
    });
    expect(await scenario.timelineOf('in-2', 'intake-deemed-accepted')).toEqual([
      expect.objectContaining({
        actor: { userId: 'sla-sweeper', role: 'system' },
        detail: expect.objectContaining({ outcome: 'accepted' }),
      }),
    ]);
    expect(scenario.callbacks.successes.map((s) => s.token)).toEqual([token]);
    // Never swept before 10 October: it went from green to red at once, with no yellow in between.
    const outbox = await scenario.outbox('in-2');
    expect(outbox.map((o) => o.label)).toEqual(['step-escalated', 'intake-deemed-accepted']);
    expect(outbox[0]!.event.detail).toMatchObject({ slaStatus: 'red', overdue: true });
    expect(await boardOf()).toEqual([]);
  });

  it('records each transition and its outbox event in one transaction: nothing is left to publish after it', async () => {
    // Prepare: a sweeper whose commit fails leaves neither the transition nor its event behind.
    const scenario = await reviewOpenedBeforeNationalDay('nd-5');
    const failing = scenario.sweeper();
    const repository = scenario.deps.repository;
    failing.repository = new Proxy(repository, {
      get: (target, property) =>
        property === 'commit'
          ? () => Promise.reject(new Error('DynamoDB unavailable (test)'))
          : (Reflect.get(target, property) as unknown) instanceof Function
            ? (Reflect.get(target, property) as (...args: unknown[]) => unknown).bind(target)
            : Reflect.get(target, property),
    });

    // Act
    scenario.clock.set(at('2024-10-11T10:00:00'));
    await expect(sweepDeadlines(failing)).rejects.toThrow('DynamoDB unavailable');
    const afterFailure = await scenario.outbox('nd-5');
    const retried = await sweepDeadlines(scenario.sweeper());

    // Assess: nothing recorded, so the next sweep finds the transition still to do and records it with its event.
    expect(afterFailure).toEqual([]);
    expect(retried.warned).toEqual(['nd-5/review-construction-1']);
    expect((await scenario.outbox('nd-5')).map((o) => o.label)).toEqual(['step-warned:yellow']);
  });
});

/** 督办: the administrators' board, read as a report would (GSI1 `BOARD#escalations`). */
async function boardOf() {
  return (
    await new DynamoDbRepository({ client: table.client, tableName: table.tableName }).listEscalatedSteps()
  ).items;
}
