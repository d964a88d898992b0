import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Conflict } from '#shared/errors';
import type { Application } from '#shared/model';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { anApplication, aStandardLandApplication, at, Scenario } from '#test/support/workflow';
import { certificateNumber, issuePermits } from './issue-permits.ts';
import { routeApplication } from './route-application.ts';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});
afterAll(() => table.drop());

let serial = 0;
const nextId = () => `issue-${++serial}`;

/** Intake accepted Monday 3 March 2025 at 10:00, every permit that needs a review approved on `approvedAt`. */
async function reviewed(
  scenario: Scenario,
  application: Application,
  approvedAt = at('2025-03-07T10:00:00'),
) {
  await scenario.submit(application);
  await scenario.acceptAndOpenReviews(application);
  scenario.clock.set(approvedAt);
  const route = await routeApplication(scenario.deps, application);
  for (const permit of route.permits.filter((p) => !p.byCommitment)) {
    await scenario.decide(application.applicationId, `review-${permit.permitType}-1`, 'approved');
  }
  scenario.clock.advance(60);
}

describe('issuePermits', () => {
  it('issues every permit together and records the working days used against the limit', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const application = anApplication({ applicationId: nextId() });
    await reviewed(scenario, application);
    const before = await scenario.deps.repository.getCounters('applications:regular', '2025-03');

    // Act
    const output = await issuePermits(scenario.deps, application);

    // Assess
    expect(output).toEqual({ outcome: 'issued', needsVerification: false });
    const issued = await scenario.deps.repository.getApplication(application.applicationId);
    expect(issued).toMatchObject({
      status: 'issued',
      issuedAt: at('2025-03-07T11:00:00').toISOString(),
      permits: [
        {
          permitType: 'land-use-planning',
          certificateNo: certificateNumber(application.applicationId, 'land-use-planning', '2025'),
          basis: 'review',
        },
        {
          permitType: 'construction',
          certificateNo: certificateNumber(application.applicationId, 'construction', '2025'),
          basis: 'review',
        },
      ],
      // Accepted Monday 10:00; Tuesday to Friday are the four working days used.
      sla: { limitWorkingDays: 15, workingDaysUsed: 4, pausedWorkingDays: 0, onTime: true, status: 'green' },
    });
    expect(issued.permits?.[1]?.certificateNo).toMatch(/^SGXK-2025-[0-9A-F]{12}$/);
    const after = await scenario.deps.repository.getCounters('applications:regular', '2025-03');
    expect((after.issued ?? 0) - (before.issued ?? 0)).toBe(1);
    expect((after.onTime ?? 0) - (before.onTime ?? 0)).toBe(1);
  });

  it('answers a replay with the same output and writes nothing more', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const application = anApplication({ applicationId: nextId() });
    await reviewed(scenario, application);
    const first = await issuePermits(scenario.deps, application);
    const stored = await scenario.deps.repository.getApplication(application.applicationId);
    scenario.clock.advance(60 * 24 * 40);

    // Act
    const replay = await issuePermits(scenario.deps, application);

    // Assess
    expect(replay).toEqual(first);
    const again = await scenario.deps.repository.getApplication(application.applicationId);
    expect(again.version).toBe(stored.version);
    expect(again.permits).toEqual(stored.permits);
    const types = await scenario.timelineTypes(application.applicationId);
    expect(types.filter((t) => t === 'permits-issued')).toHaveLength(1);
  });

  it('does not charge the days the enterprise spent on a supplement', async () => {
    // Prepare: supplement requested Tuesday 4 March, answered Tuesday 11 March, approved Wednesday 12 March
    const scenario = new Scenario(table);
    const application = anApplication({ applicationId: nextId(), requiredPermits: ['construction'] });
    const { applicationId } = application;
    await scenario.submit(application);
    await scenario.acceptAndOpenReviews(application);
    scenario.clock.set(at('2025-03-04T11:00:00'));
    await scenario.decide(applicationId, 'review-construction-1', 'supplement-requested');
    await scenario.open(applicationId, 'review-supplement', { permitType: 'construction' });
    scenario.clock.set(at('2025-03-11T10:00:00'));
    await scenario.decide(applicationId, 'review-supplement-construction-1', 'resubmitted');
    scenario.clock.advance(1);
    await scenario.open(applicationId, 'review', { permitType: 'construction' });
    scenario.clock.set(at('2025-03-12T10:00:00'));
    await scenario.decide(applicationId, 'review-construction-2', 'approved');
    scenario.clock.advance(60);

    // Act
    await issuePermits(scenario.deps, application);

    // Assess: 4–12 March holds seven working days, five of them (5–11 March) paused
    const issued = await scenario.deps.repository.getApplication(applicationId);
    expect(issued.sla).toMatchObject({ workingDaysUsed: 2, pausedWorkingDays: 5, onTime: true });
  });

  it('issues on commitment on the standard-land track and says when the verification falls due', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const application = aStandardLandApplication({ applicationId: nextId() });
    await reviewed(scenario, application);

    // Act
    const output = await issuePermits(scenario.deps, application);

    // Assess
    const issuedAt = at('2025-03-07T11:00:00');
    const due = scenario.deps.calendar.endOfNthWorkingDay(issuedAt, 30);
    expect(output).toEqual({
      outcome: 'issued',
      needsVerification: true,
      verificationDueAt: due.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      verificationDepartment: 'natural-resources',
    });
    const issued = await scenario.deps.repository.getApplication(application.applicationId);
    expect(issued.permits?.map((p) => [p.permitType, p.basis])).toEqual([
      ['land-use-planning', 'commitment'],
      ['construction', 'commitment'],
      ['real-estate-title', 'review'],
    ]);
    // Nine working days from land acquisition on Monday 3 March: four used by Friday.
    expect(issued.sla).toMatchObject({ limitWorkingDays: 9, workingDaysUsed: 4, onTime: true });
  });

  it('waits while tolerated gaps are open, through a gap-closure step, then issues', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const application = anApplication({ applicationId: nextId(), requiredPermits: ['construction'] });
    const { applicationId } = application;
    await scenario.submit(application);
    await scenario.open(applicationId, 'intake');
    scenario.clock.advance(60);
    await scenario.decide(applicationId, 'intake-1', 'accepted-with-gaps', {
      applicationUpdate: (app) => ({
        ...app,
        toleratedGaps: [
          { documentKind: 'energy-report', dueOn: '2025-03-14' },
          { documentKind: 'fire-design', dueOn: '2025-03-12' },
        ],
      }),
    });
    await scenario.open(applicationId, 'review', { permitType: 'construction' });
    scenario.clock.set(at('2025-03-05T10:00:00'));
    await scenario.decide(applicationId, 'review-construction-1', 'approved');
    const version = (await scenario.deps.repository.getApplication(applicationId)).version;

    // Act
    const waiting = await issuePermits(scenario.deps, application);
    const versionAfterWaiting = (await scenario.deps.repository.getApplication(applicationId)).version;
    await scenario.open(applicationId, 'gap-closure');
    const gapStep = await scenario.step(applicationId, 'gap-closure-1');
    scenario.clock.advance(60);
    await scenario.decide(applicationId, 'gap-closure-1', 'resubmitted', {
      actor: { userId: 'ent-user-1', role: 'enterprise' },
      applicationUpdate: (app) => ({
        ...app,
        toleratedGaps: app.toleratedGaps?.map((gap) => ({
          ...gap,
          closedAt: scenario.clock.now().toISOString(),
        })),
      }),
    });
    const issued = await issuePermits(scenario.deps, application);

    // Assess
    expect(waiting).toEqual({ outcome: 'gaps-open', openGaps: ['energy-report', 'fire-design'] });
    expect(versionAfterWaiting).toBe(version);
    expect(gapStep).toMatchObject({
      department: 'window',
      status: 'open',
      dueAt: at('2025-03-12T23:59:59.999').toISOString(),
    });
    expect(issued.outcome).toBe('issued');
    const types = await scenario.timelineTypes(applicationId);
    expect(types).toContain('gap-closed');
    expect((await scenario.deps.repository.getApplication(applicationId)).status).toBe('issued');
  });

  it('refuses to issue while a review is pending', async () => {
    // Prepare
    const scenario = new Scenario(table);
    const application = anApplication({ applicationId: nextId() });
    await scenario.submit(application);
    await scenario.acceptAndOpenReviews(application);

    // Act
    const act = issuePermits(scenario.deps, application);

    // Assess
    await expect(act).rejects.toBeInstanceOf(Conflict);
    await expect(act).rejects.toMatchObject({ code: 'REVIEWS_PENDING' });
  });
});
