import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Conflict } from '#shared/errors';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { anApplication, at, Scenario } from '#test/support/workflow';
import { openHumanStep } from './open-human-step.ts';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});
afterAll(() => table.drop());

let serial = 0;
const newApplication = (overrides = {}) => anApplication({ applicationId: `open-${++serial}`, ...overrides });

describe('openHumanStep', () => {
  it('records the step with its token and deadline, the status and one event', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const { applicationId } = await scenario.submit(newApplication());

    // Act
    const result = await scenario.open(applicationId, 'intake', { token: 'token-a' });

    // Assess
    expect(result.action).toBe('opened');
    const step = await scenario.step(applicationId, 'intake-1');
    expect(step).toMatchObject({
      kind: 'intake',
      department: 'window',
      status: 'open',
      taskToken: 'token-a',
      budgetDays: 1,
      openedAt: at('2025-03-03T09:00:00').toISOString(),
      // One working day: the end of Tuesday in Shanghai.
      dueAt: at('2025-03-04T23:59:59.999').toISOString(),
      calendarVersion: scenario.deps.calendar.version,
      provisional: false,
    });
    const application = await scenario.deps.repository.getApplication(applicationId);
    expect(application.status).toBe('submitted');
    expect(await scenario.timelineTypes(applicationId)).toEqual(['application-submitted', 'step-opened']);
    const inbox = await scenario.deps.repository.listOpenSteps('window');
    expect(inbox.items.map((s) => s.stepId)).toContain('intake-1');
  });

  it('opens one step when the task runs twice, and keeps the newest token without another event', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const { applicationId } = await scenario.submit(newApplication());
    await scenario.open(applicationId, 'intake', { token: 'first' });

    // Act
    const same = await scenario.open(applicationId, 'intake', { token: 'first' });
    const retried = await scenario.open(applicationId, 'intake', { token: 'second' });

    // Assess
    expect(same.action).toBe('token-replaced');
    expect(retried.action).toBe('token-replaced');
    const { steps } = await scenario.deps.repository.getApplicationWithSteps(applicationId);
    expect(steps.map((s) => [s.stepId, s.taskToken])).toEqual([['intake-1', 'second']]);
    expect(await scenario.timelineTypes(applicationId)).toEqual(['application-submitted', 'step-opened']);
  });

  it('opens each permit once when the joint review opens its steps all at once', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const application = await scenario.submit(
      newApplication({
        requiredPermits: ['land-use-planning', 'engineering-planning', 'construction', 'real-estate-title'],
      }),
    );
    await scenario.open(application.applicationId, 'intake');
    await scenario.decide(application.applicationId, 'intake-1', 'accepted');

    // Act
    await Promise.all(
      application.requiredPermits.flatMap((permitType) => [
        scenario.open(application.applicationId, 'review', { permitType }),
        scenario.open(application.applicationId, 'review', { permitType }),
      ]),
    );

    // Assess
    const { application: stored, steps } = await scenario.deps.repository.getApplicationWithSteps(
      application.applicationId,
    );
    expect(
      steps
        .filter((s) => s.kind === 'review')
        .map((s) => s.stepId)
        .sort(),
    ).toEqual([
      'review-construction-1',
      'review-engineering-planning-1',
      'review-land-use-planning-1',
      'review-real-estate-title-1',
    ]);
    expect(stored.status).toBe('in-review');
    const opened = (await scenario.deps.repository.getTimeline(application.applicationId)).filter(
      (e) => e.type === 'step-opened',
    );
    expect(opened).toHaveLength(5);
  });

  it('continues a review after a supplement from its first start, without charging the paused days', async () => {
    // Prepare: review opened Monday 3 March, supplement requested Tuesday 4 March, answered Tuesday 11 March
    const scenario = new Scenario(table);
    const application = await scenario.submit(newApplication({ requiredPermits: ['construction'] }));
    const { applicationId } = application;
    await scenario.acceptAndOpenReviews(application);
    const first = await scenario.step(applicationId, 'review-construction-1');
    expect(first.dueAt).toBe(at('2025-03-13T23:59:59.999').toISOString());
    scenario.clock.set(at('2025-03-04T11:00:00'));
    await scenario.decide(applicationId, 'review-construction-1', 'supplement-requested');

    // Act
    await scenario.open(applicationId, 'review-supplement', { permitType: 'construction' });
    const paused = await scenario.step(applicationId, 'review-supplement-construction-1');
    scenario.clock.set(at('2025-03-11T10:00:00'));
    await scenario.decide(applicationId, 'review-supplement-construction-1', 'resubmitted', {
      actor: { userId: 'ent-user-1', role: 'enterprise' },
    });
    scenario.clock.advance(1);
    await scenario.open(applicationId, 'review', { permitType: 'construction' });

    // Assess
    expect(paused).toMatchObject({ status: 'open', openedAt: first.openedAt, budgetDays: 8 });
    expect(paused.dueAt).toBeUndefined();
    expect((await scenario.deps.repository.getApplication(applicationId)).status).toBe('in-review');
    const second = await scenario.step(applicationId, 'review-construction-2');
    expect(second.openedAt).toBe(first.openedAt);
    expect(second.pauses).toEqual([
      {
        from: at('2025-03-04T11:00:00').toISOString(),
        to: at('2025-03-11T10:00:00').toISOString(),
        reason: 'supplement',
      },
    ]);
    // 13 March plus the five working days paused (5, 6, 7, 10, 11 March).
    expect(second.dueAt).toBe(at('2025-03-20T23:59:59.999').toISOString());
  });

  it('shows the enterprise supplement as the application status and restarts intake afterwards', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const { applicationId } = await scenario.submit(newApplication());
    await scenario.open(applicationId, 'intake');
    scenario.clock.advance(30);
    await scenario.decide(applicationId, 'intake-1', 'supplement-requested');

    // Act
    await scenario.open(applicationId, 'enterprise-supplement');
    const waiting = await scenario.deps.repository.getApplication(applicationId);
    scenario.clock.set(at('2025-03-10T15:00:00'));
    await scenario.decide(applicationId, 'enterprise-supplement-1', 'resubmitted', {
      actor: { userId: 'ent-user-1', role: 'enterprise' },
    });
    await scenario.open(applicationId, 'intake');

    // Assess
    expect(waiting.status).toBe('supplement-requested');
    const intake = await scenario.step(applicationId, 'intake-2');
    expect(intake).toMatchObject({
      openedAt: at('2025-03-10T15:00:00').toISOString(),
      pauses: [],
      dueAt: at('2025-03-11T23:59:59.999').toISOString(),
    });
    expect((await scenario.deps.repository.getApplication(applicationId)).status).toBe('submitted');
  });

  it('sends the recorded decision again when the workflow asks for a step already decided', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const { applicationId } = await scenario.submit(newApplication());
    await scenario.open(applicationId, 'intake', { token: 'lost' });
    await scenario.decide(applicationId, 'intake-1', 'accepted');

    // Act
    const result = await scenario.open(applicationId, 'intake', { token: 'replayed' });

    // Assess
    expect(result.action).toBe('redelivered');
    expect(scenario.callbacks.successes.at(-1)).toEqual({
      token: 'replayed',
      output: { outcome: 'accepted' },
    });
    expect((await scenario.deps.repository.getApplicationWithSteps(applicationId)).steps).toHaveLength(1);
  });

  it('opens nothing on a closed application', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const { applicationId } = await scenario.submit(newApplication({ status: 'refused' }));

    // Act
    const result = await scenario.open(applicationId, 'review', { permitType: 'construction' });

    // Assess
    expect(result.action).toBe('ignored');
    expect((await scenario.deps.repository.getApplicationWithSteps(applicationId)).steps).toEqual([]);
  });

  it('rejects a supplement step nobody asked for', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const { applicationId } = await scenario.submit(newApplication());

    // Act
    const act = openHumanStep(scenario.deps, {
      applicationId,
      taskToken: 't',
      step: { kind: 'enterprise-supplement', department: 'window' },
    });

    // Assess
    await expect(act).rejects.toBeInstanceOf(Conflict);
    await expect(act).rejects.toMatchObject({ code: 'STEP_OUT_OF_SEQUENCE' });
  });
});
