// The administrators' daily digest (每日红灯摘要) on DynamoDB Local with the real workflow core: recorded from
// 08:00 local time, once per day however often the sweep runs, listing the steps escalated the day before (a
// range Query on the escalation board's index), and empty after a day with nothing red.
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { anApplication, at } from '#test/support/workflow';
import { SlaScenario } from '#test/support/sla';
import { recordDailyDigest, digestWindowAt } from './daily-digest.ts';
import { sweepDeadlines } from './sweep-deadlines.ts';

let table: TestTable;
beforeEach(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});
afterEach(() => table.drop());

const received = at('2024-09-27T08:30:00').toISOString();

describe('recordDailyDigest', () => {
  it('lists the steps escalated the day before, once, from 08:00; a quiet day gives an empty digest', async () => {
    // Prepare: a construction review opened 27 September 2024, due at the end of 14 October, escalated by the
    // sweep of Tuesday 15 October 09:00 (see sweep-deadlines.test.ts).
    const scenario = new SlaScenario(table, at('2024-09-27T09:00:00'));
    await scenario.acceptAndOpenReviews(
      await scenario.submit(
        anApplication({
          applicationId: 'dd-1',
          requiredPermits: ['construction'],
          receivedAt: received,
          createdAt: received,
          updatedAt: received,
        }),
      ),
    );
    const deps = scenario.sweeper();
    const { repository } = deps;
    const digestAt = async (local: string) => {
      scenario.clock.set(at(local));
      return recordDailyDigest(deps);
    };
    scenario.clock.set(at('2024-10-15T09:00:00'));
    expect((await sweepDeadlines(deps)).escalated).toEqual(['dd-1/review-construction-1']);

    // Act
    const early = await digestAt('2024-10-16T07:59:00');
    const first = await digestAt('2024-10-16T08:00:00');
    const second = await digestAt('2024-10-16T08:15:00');
    const quiet = await digestAt('2024-10-17T08:30:00');

    // Assess
    expect(early).toBeUndefined();
    expect(first).toEqual({ date: '2024-10-16', recorded: true, steps: 1 });
    expect(second).toBeUndefined(); // recorded already: one consistent read, nothing written
    expect(quiet).toEqual({ date: '2024-10-17', recorded: true, steps: 0 });
    // The window is the previous local day in Beijing time, as instants.
    expect(digestWindowAt(deps.calendar, at('2024-10-16T08:00:00'))).toEqual({
      date: '2024-10-16',
      day: '2024-10-15',
      from: '2024-10-14T16:00:00.000Z',
      to: '2024-10-15T16:00:00.000Z',
    });
    expect(
      await repository.listEscalatedBetween('2024-10-14T16:00:00.000Z', '2024-10-15T16:00:00.000Z'),
    ).toEqual([expect.objectContaining({ applicationId: 'dd-1', stepId: 'review-construction-1' })]);
    // A second writer (two sweepers at once) records nothing over the first.
    expect(
      await repository.recordDailyDigest({
        type: 'daily-digest',
        eventId: 'DIGEST#2024-10-16',
        date: '2024-10-16',
        day: '2024-10-15',
        from: '2024-10-14T16:00:00.000Z',
        to: '2024-10-15T16:00:00.000Z',
        at: at('2024-10-16T08:00:01').toISOString(),
        steps: [],
        more: 0,
      }),
    ).toBe(false);
  });
});
