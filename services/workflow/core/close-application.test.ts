import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Conflict } from '#shared/errors';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { anApplication, aStandardLandApplication, at, Scenario } from '#test/support/workflow';
import { closeApplication } from './close-application.ts';
import { issuePermits } from './issue-permits.ts';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});
afterAll(() => table.drop());

let serial = 0;
const nextId = () => `close-${++serial}`;

describe('closeApplication', () => {
  it('refuses the application and cancels every other open step, taking it out of the inboxes', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const application = anApplication({ applicationId: nextId() });
    const { applicationId } = application;
    await scenario.submit(application);
    await scenario.acceptAndOpenReviews(application);
    scenario.clock.advance(60);
    await scenario.decide(applicationId, 'review-construction-1', 'refused');
    scenario.clock.advance(1);

    // Act
    const result = await closeApplication(scenario.deps, { applicationId, outcome: 'refused' });

    // Assess
    expect(result).toMatchObject({
      status: 'refused',
      cancelledSteps: ['review-land-use-planning-1'],
      unchanged: false,
    });
    const { application: refused, steps } =
      await scenario.deps.repository.getApplicationWithSteps(applicationId);
    expect(refused.status).toBe('refused');
    expect(steps.map((s) => [s.stepId, s.status])).toEqual([
      ['intake-1', 'closed'],
      ['review-construction-1', 'closed'],
      ['review-land-use-planning-1', 'cancelled'],
    ]);
    const inbox = await scenario.deps.repository.listOpenSteps('natural-resources', { limit: 100 });
    expect(inbox.items.filter((s) => s.applicationId === applicationId)).toEqual([]);
    const timeline = await scenario.deps.repository.getTimeline(applicationId);
    expect(timeline.slice(-2).map((e) => e.type)).toEqual(['application-refused', 'step-cancelled']);
    expect(timeline.at(-2)).toMatchObject({
      stepId: 'review-construction-1',
      detail: { reason: '不符合规划条件', department: 'housing-construction' },
    });
  });

  it('writes nothing when the same closing is replayed', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const { applicationId } = await scenario.submit(anApplication({ applicationId: nextId() }));
    await scenario.open(applicationId, 'intake');
    scenario.clock.advance(60);
    await scenario.decide(applicationId, 'intake-1', 'refused');
    await closeApplication(scenario.deps, { applicationId, outcome: 'refused' });
    const events = (await scenario.deps.repository.getTimeline(applicationId)).length;

    // Act
    const replay = await closeApplication(scenario.deps, { applicationId, outcome: 'refused' });

    // Assess
    expect(replay.unchanged).toBe(true);
    expect(await scenario.deps.repository.getTimeline(applicationId)).toHaveLength(events);
  });

  it('revokes the permits issued on commitment and records a credit mark against the enterprise', async () => {
    // Prepare: standard land, issued on commitment, the verification failed
    const scenario = new Scenario(table);
    const application = aStandardLandApplication({ applicationId: nextId() });
    const { applicationId } = application;
    await scenario.submit(application);
    await scenario.acceptAndOpenReviews(application);
    await scenario.decide(applicationId, 'review-real-estate-title-1', 'approved');
    scenario.clock.advance(60);
    const issuance = await issuePermits(scenario.deps, application);
    scenario.clock.set(at('2025-04-15T09:00:00'));
    await scenario.open(applicationId, 'verification', {
      department: issuance.outcome === 'issued' ? issuance.verificationDepartment : 'natural-resources',
    });
    scenario.clock.advance(60);
    await scenario.decide(applicationId, 'verification-1', 'verification-failed');
    const marks = await scenario.deps.repository.getCounters('credit-marks', '2025-04');
    scenario.clock.advance(1);

    // Act
    await closeApplication(scenario.deps, { applicationId, outcome: 'revoked' });

    // Assess
    const revoked = await scenario.deps.repository.getApplication(applicationId);
    expect(revoked.status).toBe('revoked');
    const revokedAt = scenario.clock.now().toISOString();
    expect(revoked.permits?.map((p) => [p.permitType, p.revokedAt])).toEqual([
      ['land-use-planning', revokedAt],
      ['construction', revokedAt],
      ['real-estate-title', undefined],
    ]);
    const event = (await scenario.deps.repository.getTimeline(applicationId)).at(-1);
    expect(event).toMatchObject({
      type: 'permits-revoked',
      fromStatus: 'under-verification',
      toStatus: 'revoked',
      detail: {
        permitTypes: ['land-use-planning', 'construction'],
        creditMark: true,
        enterpriseId: 'ent-1',
        reason: '不符合规划条件',
      },
    });
    const after = await scenario.deps.repository.getCounters('credit-marks', '2025-04');
    expect((after.marks ?? 0) - (marks.marks ?? 0)).toBe(1);
  });

  it('closes a passed verification as verified', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const { applicationId } = await scenario.submit(
      anApplication({ applicationId: nextId(), status: 'under-verification' }),
    );

    // Act
    const result = await closeApplication(scenario.deps, { applicationId, outcome: 'verified' });

    // Assess
    expect(result.status).toBe('verified');
    expect((await scenario.timelineTypes(applicationId)).at(-1)).toBe('verification-decided');
  });

  it('shows a failed workflow with its error and cancels the steps nobody can decide any more', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const { applicationId } = await scenario.submit(anApplication({ applicationId: nextId() }));
    await scenario.open(applicationId, 'intake');
    scenario.clock.advance(5);

    // Act
    await closeApplication(scenario.deps, {
      applicationId,
      outcome: 'failed',
      error: { Error: 'Lambda.Unknown', Cause: '{"errorMessage":"boom"}' },
    });

    // Assess
    expect((await scenario.deps.repository.getApplication(applicationId)).status).toBe('failed');
    expect((await scenario.step(applicationId, 'intake-1')).status).toBe('cancelled');
    const timeline = await scenario.deps.repository.getTimeline(applicationId);
    expect(timeline.find((e) => e.type === 'application-failed')).toMatchObject({
      fromStatus: 'submitted',
      toStatus: 'failed',
      detail: { error: 'Lambda.Unknown', cause: '{"errorMessage":"boom"}' },
    });
  });

  it('will not refuse an application that was issued', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const { applicationId } = await scenario.submit(
      anApplication({ applicationId: nextId(), status: 'issued' }),
    );

    // Act
    const act = closeApplication(scenario.deps, { applicationId, outcome: 'refused' });

    // Assess
    await expect(act).rejects.toBeInstanceOf(Conflict);
    await expect(act).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });
});
