import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { anApplication, at, Scenario } from '#services/workflow/test-helpers';
import { sweepDeadlines } from './sweep-deadlines.ts';

// Its own table: the sweep reads every open step of a department.
let table: TestTable;
beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});
afterAll(() => table.drop());

describe('sweepDeadlines', () => {
  it('warns once when two thirds of a budget are used and escalates once when it is overdue', async () => {
    // Prepare: a construction review opened Monday 3 March 2025, eight working days, due Thursday 13 March
    const scenario = new Scenario(table);
    const application = await scenario.submit(
      anApplication({ applicationId: 'sweep-1', requiredPermits: ['construction'] }),
    );
    await scenario.acceptAndOpenReviews(application);
    const departments = ['housing-construction'];

    // Act
    scenario.clock.set(at('2025-03-06T10:00:00'));
    const early = await sweepDeadlines(scenario.deps, { departments });
    scenario.clock.set(at('2025-03-11T10:00:00'));
    const yellow = await sweepDeadlines(scenario.deps, { departments });
    const yellowAgain = await sweepDeadlines(scenario.deps, { departments });
    scenario.clock.set(at('2025-03-14T10:00:00'));
    const red = await sweepDeadlines(scenario.deps, { departments });
    const redAgain = await sweepDeadlines(scenario.deps, { departments });

    // Assess
    const id = 'sweep-1/review-construction-1';
    expect(early).toMatchObject({ warned: [], escalated: [] });
    expect(yellow).toMatchObject({ examined: 1, warned: [id], escalated: [] });
    expect(yellowAgain).toMatchObject({ warned: [], escalated: [] });
    expect(red).toMatchObject({ warned: [], escalated: [id] });
    expect(redAgain).toMatchObject({ warned: [], escalated: [] });
    const step = await scenario.step('sweep-1', 'review-construction-1');
    expect(step).toMatchObject({ slaStatus: 'red', escalatedAt: at('2025-03-14T10:00:00').toISOString() });
    const types = await scenario.timelineTypes('sweep-1');
    expect(types.filter((t) => t === 'step-warned' || t === 'step-escalated')).toEqual([
      'step-warned',
      'step-escalated',
    ]);
  });

  it('leaves paused steps alone: they have no due instant while the enterprise owes a supplement', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const application = await scenario.submit(
      anApplication({ applicationId: 'sweep-2', requiredPermits: ['real-estate-title'] }),
    );
    await scenario.acceptAndOpenReviews(application);
    scenario.clock.advance(60);
    await scenario.decide('sweep-2', 'review-real-estate-title-1', 'supplement-requested');
    await scenario.open('sweep-2', 'review-supplement', { permitType: 'real-estate-title' });

    // Act
    scenario.clock.set(at('2025-04-30T10:00:00'));
    const result = await sweepDeadlines(scenario.deps, { departments: ['real-estate-registration'] });

    // Assess
    expect(result).toMatchObject({ examined: 0, warned: [], escalated: [] });
  });
});
