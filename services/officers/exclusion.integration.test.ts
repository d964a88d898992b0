// Art. 45 excluded time on DynamoDB Local, with an injected clock: a hearing across the weekend and the make-up
// working day after the 2025 Spring Festival moves the step's and the application's due day by exactly the
// working days it held; the interval shows on the enterprise's timeline; its kind's maximum is enforced; and the
// rules of who may record it are a decision's (a held step: its assignee or a lead).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { anApplication, anEvent, aStep, principals, seed } from '#test/support/fixtures';
import { createHandler as assignmentHandler } from '#services/officers/handlers/change-assignment';
import { createHandler as exclusionHandler } from '#services/officers/handlers/record-exclusion';
import { createHandler as getApplicationHandler } from '#services/intake/handlers/get-application';
import type { Principal } from '#shared/auth/principal';
import { apiEvent, invoke } from '#test/support/http';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { concurrencyDeps, fakeStepFunctions } from '#test/concurrency/support';

const department = 'housing-construction';
const officer: Principal = { userId: 'officer-wang', roles: ['department-officer'], department };
const colleague: Principal = { userId: 'officer-li', roles: ['department-officer'], department };

// Thursday 6 February 2025, 09:00 in Asia/Shanghai: the review opens (the Spring Festival break ended on the 4th;
// Saturday the 8th is a make-up working day, Sunday the 9th a rest day).
const openedAt = '2025-02-06T01:00:00.000Z';
/** 8 working days from Thursday the 6th: 7, 8 (make-up Saturday), 10, 11, 12, 13, 14, 17. */
const dueWithoutExclusion = '2025-02-17T15:59:59.999Z';
/** 15 working days from acceptance on the 6th, the application's limit: Wednesday the 26th. */
const applicationDueWithoutExclusion = '2025-02-26T15:59:59.999Z';

let table: TestTable;
let deps: ReturnType<typeof concurrencyDeps>;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  deps = concurrencyDeps(table, fakeStepFunctions());
});
afterAll(async () => {
  await table?.drop();
});

async function reviewInProgress() {
  const applicationId = `app-${randomUUID()}`;
  const stepId = 'review-construction-1';
  await seed(
    deps,
    anApplication({
      applicationId,
      status: 'in-review',
      receivedAt: openedAt,
      createdAt: openedAt,
      updatedAt: openedAt,
      acceptedAt: openedAt,
    }),
    [
      aStep({
        applicationId,
        stepId,
        kind: 'review',
        department,
        permitType: 'construction',
        openedAt,
        budgetDays: 8,
        dueAt: dueWithoutExclusion,
        taskToken: `token-${randomUUID()}`,
      }),
    ],
  );
  // 受理 starts the application's clock (the fact the intake decision writes).
  await deps.repository.commit({
    events: [
      anEvent({ applicationId, eventId: 'intake-accepted', at: openedAt, detail: { clock: ['accepted'] } }),
    ],
  });
  return { applicationId, stepId };
}

const record = (principal: Principal, target: { applicationId: string; stepId: string }, body: unknown) =>
  invoke(
    exclusionHandler(deps),
    apiEvent({
      method: 'POST',
      path: `/applications/${target.applicationId}/steps/${target.stepId}/exclusions`,
      pathParameters: target,
      principal,
      body,
    }),
  );

describe('Art. 45 excluded time', () => {
  it('a hearing across a weekend and a make-up working day moves both due days by the 3 working days it held', async () => {
    // Prepare: the hearing ran from Friday the 7th 10:00 to Tuesday the 11th 10:00; recorded on Wednesday.
    const target = await reviewInProgress();
    deps.setNow(new Date('2025-02-12T01:00:00.000Z'));

    // Act
    const recorded = await record(officer, target, {
      kind: 'hearing',
      start: '2025-02-07T02:00:00.000Z',
      end: '2025-02-11T02:00:00.000Z',
      note: '听证会',
    });

    // Assess: Saturday the 8th (make-up), Monday the 10th and Tuesday the 11th do not count; Sunday never did.
    expect(recorded.statusCode, recorded.rawBody).toBe(200);
    expect(recorded.body.step.dueAt).toBe('2025-02-20T15:59:59.999Z');
    expect(recorded.body.step.pauses).toEqual([
      { from: '2025-02-07T02:00:00.000Z', to: '2025-02-11T02:00:00.000Z', reason: 'hearing', note: '听证会' },
    ]);
    expect(recorded.body.application.sla).toMatchObject({
      dueAt: '2025-03-03T15:59:59.999Z', // 27th, 28th, then Monday 3 March
      pausedWorkingDays: 3,
    });
    expect(applicationDueWithoutExclusion < recorded.body.application.sla.dueAt).toBe(true);

    // The enterprise sees the interval on its timeline.
    const detail = await invoke(
      getApplicationHandler(deps),
      apiEvent({
        method: 'GET',
        path: `/applications/${target.applicationId}`,
        pathParameters: { applicationId: target.applicationId },
        principal: principals.enterprise,
      }),
    );
    expect(detail.statusCode).toBe(200);
    const excluded = (detail.body.timeline as { type: string; detail: Record<string, unknown> }[]).find(
      (event) => event.type === 'time-excluded',
    );
    expect(excluded?.detail).toMatchObject({
      kind: 'hearing',
      from: '2025-02-07T02:00:00.000Z',
      to: '2025-02-11T02:00:00.000Z',
      workingDays: 3,
      dueAtBefore: dueWithoutExclusion,
      dueAt: '2025-02-20T15:59:59.999Z',
    });
  });

  it('refuses an interval longer than its kind’s configured maximum, and writes nothing', async () => {
    // Prepare: public notice (公示) allows 10 working days by default: the 7th (make-up 8th) .. 19th hold 10.
    const target = await reviewInProgress();
    deps.setNow(new Date('2025-03-03T01:00:00.000Z'));
    const before = await deps.repository.getStep(target.applicationId, target.stepId);

    // Act
    const tooLong = await record(officer, target, {
      kind: 'public-notice',
      start: '2025-02-06T02:00:00.000Z',
      end: '2025-02-20T02:00:00.000Z',
    });
    const justRight = await record(officer, target, {
      kind: 'public-notice',
      start: '2025-02-06T02:00:00.000Z',
      end: '2025-02-19T02:00:00.000Z',
    });

    // Assess
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body.error.issues).toEqual([
      { path: 'body.end', message: 'public-notice excludes at most 10 working days; this interval holds 11' },
    ]);
    expect(justRight.statusCode).toBe(200);
    expect((await deps.repository.getStep(target.applicationId, target.stepId)).version).toBe(
      before.version + 1,
    );
  });

  it('refuses an interval not over yet, one before the step opened, and one overlapping another', async () => {
    const target = await reviewInProgress();
    deps.setNow(new Date('2025-02-12T01:00:00.000Z'));
    const ok = { kind: 'testing', start: '2025-02-07T02:00:00.000Z', end: '2025-02-10T02:00:00.000Z' };

    const future = await record(officer, target, { ...ok, end: '2025-02-13T02:00:00.000Z' });
    const early = await record(officer, target, { ...ok, start: '2025-02-05T02:00:00.000Z' });
    const first = await record(officer, target, ok);
    const overlap = await record(officer, target, { ...ok, kind: 'expert-review' });

    expect([future.statusCode, early.statusCode, first.statusCode, overlap.statusCode]).toEqual([
      400, 400, 200, 409,
    ]);
    expect(overlap.body.error.code).toBe('EXCLUSION_OVERLAPS');
  });

  it('on a held step, only the assignee (or a lead) records excluded time', async () => {
    const target = await reviewInProgress();
    deps.setNow(new Date('2025-02-12T01:00:00.000Z'));
    const claim = await invoke(
      assignmentHandler(deps),
      apiEvent({
        method: 'POST',
        path: `/applications/${target.applicationId}/steps/${target.stepId}/assignment`,
        pathParameters: target,
        principal: officer,
        body: { action: 'claim' },
      }),
    );
    expect(claim.statusCode).toBe(200);
    const body = { kind: 'inspection', start: '2025-02-07T02:00:00.000Z', end: '2025-02-10T02:00:00.000Z' };

    expect((await record(colleague, target, body)).statusCode).toBe(403);
    expect((await record(officer, target, body)).statusCode).toBe(200);
  });
});
