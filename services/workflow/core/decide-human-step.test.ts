import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Conflict, Gone, NotFound, ValidationError } from '#shared/errors';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { anApplication, at, CallbackError, Scenario } from '#test/support/workflow';
import { decideHumanStep } from './decide-human-step.ts';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});
afterAll(() => table.drop());

let serial = 0;
const newApplication = (overrides = {}) =>
  anApplication({ applicationId: `decide-${++serial}`, ...overrides });

/** An application whose intake step is open with the given token. */
async function openIntake(scenario: Scenario, token = scenario.nextToken()) {
  const application = await scenario.submit(newApplication());
  await scenario.open(application.applicationId, 'intake', { token });
  scenario.clock.advance(60);
  return application.applicationId;
}

describe('decideHumanStep', () => {
  it('records the decision, the acceptance and the audit event, then tells the workflow', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const applicationId = await openIntake(scenario, 'intake-token');
    const month = '2025-03';
    const before = await scenario.deps.repository.getCounters('steps:window:intake:regular', month);

    // Act
    const result = await decideHumanStep(scenario.deps, {
      applicationId,
      stepId: 'intake-1',
      expectedKinds: ['intake'],
      actor: { userId: 'agent-7', role: 'agency-officer' },
      onBehalfOf: 'ent-1',
      decision: { outcome: 'accepted' },
    });

    // Assess
    const step = await scenario.step(applicationId, 'intake-1');
    expect(step).toMatchObject({
      status: 'closed',
      closedAt: at('2025-03-03T10:00:00').toISOString(),
      decision: { outcome: 'accepted', decidedBy: 'agent-7', onBehalfOf: 'ent-1' },
      slaStatus: 'green',
    });
    expect(result.sla).toMatchObject({ budgetDays: 1, usedDays: 0, met: true });
    const application = await scenario.deps.repository.getApplication(applicationId);
    expect(application).toMatchObject({
      status: 'accepted',
      acceptedAt: at('2025-03-03T10:00:00').toISOString(),
      sla: { limitWorkingDays: 15, clockStartedAt: at('2025-03-03T10:00:00').toISOString() },
    });
    const event = (await scenario.deps.repository.getTimeline(applicationId)).at(-1);
    expect(event).toMatchObject({
      type: 'intake-accepted',
      actor: { userId: 'agent-7', role: 'agency-officer' },
      onBehalfOf: 'ent-1',
      stepId: 'intake-1',
      fromStatus: 'submitted',
      toStatus: 'accepted',
    });
    expect(scenario.callbacks.successes).toEqual([
      { token: 'intake-token', output: { outcome: 'accepted' } },
    ]);
    const after = await scenario.deps.repository.getCounters('steps:window:intake:regular', month);
    expect((after.closed ?? 0) - (before.closed ?? 0)).toBe(1);
    expect((after.onTime ?? 0) - (before.onTime ?? 0)).toBe(1);
  });

  it('applies the caller’s application change in the same commit', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const applicationId = await openIntake(scenario);

    // Act
    await scenario.decide(applicationId, 'intake-1', 'accepted-with-gaps', {
      applicationUpdate: (app) => ({
        ...app,
        toleratedGaps: [{ documentKind: 'energy-report', dueOn: '2025-03-14' }],
      }),
    });

    // Assess
    const application = await scenario.deps.repository.getApplication(applicationId);
    expect(application.toleratedGaps).toEqual([{ documentKind: 'energy-report', dueOn: '2025-03-14' }]);
    expect(application.status).toBe('accepted');
  });

  it('starts the application clock when the caller dates the acceptance, as a deemed acceptance does', async () => {
    // Prepare: Art. 32, undecided for five days: accepted by the system from the day of receipt
    const scenario = new Scenario(table);
    const applicationId = await openIntake(scenario);
    scenario.clock.set(at('2025-03-10T09:00:00'));
    const receivedAt = (await scenario.deps.repository.getApplication(applicationId)).receivedAt;

    // Act
    const result = await decideHumanStep(scenario.deps, {
      applicationId,
      stepId: 'intake-1',
      expectedKinds: ['intake'],
      actor: { userId: 'sla-sweeper', role: 'system' },
      decision: { outcome: 'accepted' },
      eventType: 'intake-deemed-accepted',
      applicationUpdate: (app) => ({ ...app, acceptedAt: app.receivedAt }),
    });

    // Assess
    expect(result.event.type).toBe('intake-deemed-accepted');
    expect(result.application).toMatchObject({
      status: 'accepted',
      acceptedAt: receivedAt,
      // Counted from Monday 3 March: five working days (4–10 March) are gone already.
      sla: { clockStartedAt: receivedAt, dueAt: at('2025-03-24T23:59:59.999').toISOString() },
    });
  });

  it('answers a second decision on the same step with 409 and sends the first one again', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const applicationId = await openIntake(scenario, 'tok');
    await scenario.decide(applicationId, 'intake-1', 'accepted');

    // Act
    const second = scenario.decide(applicationId, 'intake-1', 'refused');

    // Assess
    await expect(second).rejects.toBeInstanceOf(Conflict);
    await expect(second).rejects.toMatchObject({ code: 'STEP_NOT_OPEN', status: 409 });
    expect((await scenario.step(applicationId, 'intake-1')).decision?.outcome).toBe('accepted');
    expect(scenario.callbacks.successes.map((s) => s.output)).toEqual([
      { outcome: 'accepted' },
      { outcome: 'accepted' },
    ]);
    expect((await scenario.timelineTypes(applicationId)).filter((t) => t === 'intake-accepted')).toHaveLength(
      1,
    );
  });

  it('lets only one of two simultaneous decisions through', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const applicationId = await openIntake(scenario);

    // Act
    const results = await Promise.allSettled([
      scenario.decide(applicationId, 'intake-1', 'accepted'),
      scenario.decide(applicationId, 'intake-1', 'refused'),
    ]);

    // Assess
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(Conflict);
  });

  it('voids the decision with 410 when the step had expired', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const applicationId = await openIntake(scenario, 'expired-token');
    scenario.callbacks.failWith.set('expired-token', new CallbackError('TaskTimedOut'));
    const before = await scenario.deps.repository.getCounters('steps:window:intake:regular', '2025-03');

    // Act
    const act = scenario.decide(applicationId, 'intake-1', 'accepted');

    // Assess
    await expect(act).rejects.toBeInstanceOf(Gone);
    const step = await scenario.step(applicationId, 'intake-1');
    expect(step.status).toBe('cancelled');
    expect(step.decision).toBeUndefined();
    const application = await scenario.deps.repository.getApplication(applicationId);
    expect(application.status).toBe('submitted');
    expect(application.acceptedAt).toBeUndefined();
    const timeline = await scenario.deps.repository.getTimeline(applicationId);
    expect(timeline.at(-1)).toMatchObject({
      type: 'step-cancelled',
      detail: { reason: 'expired', voidedOutcome: 'accepted', voids: 'intake-1-decided' },
    });
    const after = await scenario.deps.repository.getCounters('steps:window:intake:regular', '2025-03');
    expect(after.closed ?? 0).toBe(before.closed ?? 0);
    expect(await scenario.deps.repository.listOpenSteps('window')).toMatchObject({
      items: expect.not.arrayContaining([expect.objectContaining({ applicationId })]),
    });
  });

  it('keeps the decision and raises an alarm when Step Functions does not know the token', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const applicationId = await openIntake(scenario, 'unknown-token');
    scenario.callbacks.failWith.set('unknown-token', new CallbackError('InvalidToken'));

    // Act
    const result = await scenario.decide(applicationId, 'intake-1', 'accepted');

    // Assess
    expect(result.step.status).toBe('closed');
    expect(scenario.logger.errors().some((m) => m.startsWith('ALARM'))).toBe(true);
  });

  it('keeps the decision when a replayed task already received it on a newer token', async () => {
    // Prepare: the decision is recorded, then the runtime replays the task before our callback lands
    const scenario = new Scenario(table);
    const applicationId = await openIntake(scenario, 'old-token');
    scenario.callbacks.failWith.set('old-token', new CallbackError('TaskTimedOut'));
    const original = scenario.callbacks.sendTaskSuccess.bind(scenario.callbacks);
    scenario.callbacks.sendTaskSuccess = (token, output) => {
      if (token === 'old-token') {
        return scenario
          .open(applicationId, 'intake', { token: 'new-token' })
          .then(() => original(token, output));
      }
      return original(token, output);
    };

    // Act
    const result = await scenario.decide(applicationId, 'intake-1', 'accepted');

    // Assess
    expect(result.step.decision?.outcome).toBe('accepted');
    expect((await scenario.step(applicationId, 'intake-1')).status).toBe('closed');
    expect(scenario.callbacks.successes).toEqual([{ token: 'new-token', output: { outcome: 'accepted' } }]);
  });

  it('rejects an unknown step, a step of another kind, and an incomplete decision', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const applicationId = await openIntake(scenario);
    const command = {
      applicationId,
      stepId: 'intake-1',
      expectedKinds: ['intake'] as const,
      actor: { userId: 'clerk-1', role: 'window-clerk' } as const,
    };

    // Act
    const outcomes = await Promise.allSettled([
      decideHumanStep(scenario.deps, { ...command, stepId: 'intake-9', decision: { outcome: 'accepted' } }),
      decideHumanStep(scenario.deps, {
        ...command,
        expectedKinds: ['review'],
        decision: { outcome: 'approved' },
      }),
      decideHumanStep(scenario.deps, { ...command, decision: { outcome: 'approved' } }),
      decideHumanStep(scenario.deps, { ...command, decision: { outcome: 'supplement-requested' } }),
    ]);

    // Assess
    const [missing, wrongKind, wrongOutcome, incomplete] = outcomes.map((o) =>
      o.status === 'rejected' ? o.reason : undefined,
    );
    expect(missing).toBeInstanceOf(NotFound);
    expect(wrongKind).toMatchObject({ code: 'UNEXPECTED_STEP_KIND', status: 409 });
    expect(wrongOutcome).toBeInstanceOf(ValidationError);
    expect(incomplete).toMatchObject({
      issues: [{ path: 'decision.missingItems', message: 'a supplement request lists what is missing' }],
    });
    expect((await scenario.step(applicationId, 'intake-1')).status).toBe('open');
  });

  it('tells the workflow a department refusal as the state machine words it', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const application = await scenario.submit(newApplication({ requiredPermits: ['construction'] }));
    await scenario.acceptAndOpenReviews(application);

    // Act
    const result = await scenario.decide(application.applicationId, 'review-construction-1', 'refused');

    // Assess
    expect(scenario.callbacks.successes.at(-1)?.output).toEqual({ outcome: 'refused' });
    expect(result.event).toMatchObject({
      type: 'step-decided',
      detail: { outcome: 'refused', reason: '不符合规划条件' },
    });
  });
});
