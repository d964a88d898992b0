// Named assignment on DynamoDB Local through the real handlers: claim races (one wins, the other 409), release
// and reassignment rights, a decision by a non-assignee refused inside decideHumanStep (and a lead's allowed),
// the inbox views "mine" / "unassigned" / department by due time, every change on the timeline, and the overdue
// report naming the officer who holds a step.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { anApplication, aStep, fixedNow, seed } from '#test/support/fixtures';
import { createHandler as assignmentHandler } from '#services/officers/handlers/change-assignment';
import { createHandler as decideStepHandler } from '#services/review/handlers/decide-step';
import { createHandler as inboxHandler } from '#services/review/handlers/list-inbox';
import { overdueReport } from '#services/reports/core/overdue-report';
import type { Principal } from '#shared/auth/principal';
import { apiEvent, invoke } from '#test/support/http';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { allAtOnce, concurrencyDeps, fakeStepFunctions, tally } from '#test/concurrency/support';

const department = 'housing-construction';
const officer = (userId: string, lead = false): Principal => ({
  userId,
  roles: ['department-officer'],
  department,
  ...(lead ? { lead: true } : {}),
});
const wang = officer('officer-wang');
const li = officer('officer-li');
const zhao = officer('officer-zhao');
const lead = officer('lead-chen', true);
const otherDepartment: Principal = {
  userId: 'officer-nr',
  roles: ['department-officer'],
  department: 'natural-resources',
};

let table: TestTable;
let sfn: ReturnType<typeof fakeStepFunctions>;
let deps: ReturnType<typeof concurrencyDeps>;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  sfn = fakeStepFunctions();
  deps = concurrencyDeps(table, sfn);
});
afterAll(async () => {
  await table?.drop();
});

/** An application in review with one open review step of the department, due at `dueAt`. */
async function reviewStep(dueAt = '2025-03-13T15:59:59.999Z') {
  const applicationId = `app-${randomUUID()}`;
  const stepId = 'review-construction-1';
  await seed(
    deps,
    anApplication({ applicationId, status: 'in-review', acceptedAt: fixedNow.toISOString() }),
    [
      aStep({
        applicationId,
        stepId,
        kind: 'review',
        department,
        permitType: 'construction',
        budgetDays: 8,
        dueAt,
        taskToken: `token-${randomUUID()}`,
      }),
    ],
  );
  return { applicationId, stepId };
}

function assignment(principal: Principal, target: { applicationId: string; stepId: string }, body: unknown) {
  return apiEvent({
    method: 'POST',
    path: `/applications/${target.applicationId}/steps/${target.stepId}/assignment`,
    pathParameters: target,
    principal,
    body,
  });
}

let minutes = 0;
/** Each change a minute after the last, so the timeline's order is the order of the changes. */
const change = (principal: Principal, target: { applicationId: string; stepId: string }, body: unknown) => {
  deps.setNow(new Date(fixedNow.getTime() + ++minutes * 60_000));
  return invoke(assignmentHandler(deps), assignment(principal, target, body));
};

const decide = (principal: Principal, target: { applicationId: string; stepId: string }) =>
  invoke(
    decideStepHandler(deps),
    apiEvent({
      method: 'POST',
      path: `/applications/${target.applicationId}/steps/${target.stepId}/decision`,
      pathParameters: target,
      principal,
      body: { outcome: 'approve' },
    }),
  );

describe('claims', () => {
  it('two officers claim one step at once: one wins, the other gets 409 and the step is unchanged by it', async () => {
    // Prepare
    const target = await reviewStep();

    // Act
    const responses = await allAtOnce(assignmentHandler(deps), [
      assignment(wang, target, { action: 'claim' }),
      assignment(li, target, { action: 'claim' }),
    ]);

    // Assess
    expect(tally(responses)).toEqual({ '200': 1, '409 STEP_ASSIGNED': 1 });
    const winner = responses.find((r) => r.statusCode === 200)!.body.step.assignee as string;
    const step = await deps.repository.getStep(target.applicationId, target.stepId);
    expect(step).toMatchObject({ assignee: winner, version: 2 });
    const claims = (await deps.repository.getTimeline(target.applicationId)).filter(
      (e) => e.type === 'step-claimed',
    );
    expect(claims).toHaveLength(1);
    expect(claims[0]).toMatchObject({ actor: { userId: winner }, detail: { from: null, to: winner } });
  });

  it('ten officers race for one step: exactly one holds it, nine get 409', async () => {
    // Prepare
    const target = await reviewStep();
    const officers = Array.from({ length: 10 }, (_, i) => officer(`officer-${i}`));

    // Act
    const responses = await allAtOnce(
      assignmentHandler(deps),
      officers.map((p) => assignment(p, target, { action: 'claim' })),
    );

    // Assess
    expect(responses.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.statusCode === 409)).toHaveLength(9);
    const events = await deps.repository.getTimeline(target.applicationId);
    expect(events.filter((e) => e.type === 'step-claimed')).toHaveLength(1);
  });

  it('a claim with an expectedVersion that is no longer the step’s is refused with STALE_VERSION', async () => {
    const target = await reviewStep();
    expect((await change(wang, target, { action: 'claim' })).statusCode).toBe(200);
    expect((await change(wang, target, { action: 'release' })).statusCode).toBe(200);

    const stale = await change(li, target, { action: 'claim', expectedVersion: 1 });

    expect(stale.statusCode).toBe(409);
    expect(stale.body.error.code).toBe('STALE_VERSION');
  });

  it('claiming one’s own step again changes nothing; another department’s officer cannot claim (404)', async () => {
    const target = await reviewStep();
    await change(wang, target, { action: 'claim' });

    const again = await change(wang, target, { action: 'claim' });
    const foreign = await change(otherDepartment, target, { action: 'claim' });

    expect(again.statusCode).toBe(200);
    expect(again.body.step.version).toBe(2);
    expect(foreign.statusCode).toBe(404);
    const events = await deps.repository.getTimeline(target.applicationId);
    expect(events.filter((e) => e.type === 'step-claimed')).toHaveLength(1);
  });
});

describe('release and reassignment', () => {
  it('only the assignee or a lead releases; only a lead assigns, with a reason to take it from someone', async () => {
    // Prepare
    const target = await reviewStep();
    await change(wang, target, { action: 'claim' });

    // Act + Assess
    expect((await change(li, target, { action: 'release' })).statusCode).toBe(403);
    expect((await change(li, target, { action: 'assign', assignee: 'officer-li' })).statusCode).toBe(403);
    const noReason = await change(lead, target, { action: 'assign', assignee: 'officer-li' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body.error.issues).toEqual([expect.objectContaining({ path: 'body.reason' })]);
    const reassigned = await change(lead, target, {
      action: 'assign',
      assignee: 'officer-li',
      reason: '王同志休假',
    });
    expect(reassigned.statusCode).toBe(200);
    expect(reassigned.body.step.assignee).toBe('officer-li');
    expect((await change(wang, target, { action: 'release' })).statusCode).toBe(403);
    expect((await change(li, target, { action: 'release', reason: '转交' })).statusCode).toBe(200);
    const none = await change(li, target, { action: 'release' });
    expect(none.statusCode).toBe(409);
    expect(none.body.error.code).toBe('STEP_NOT_ASSIGNED');

    const events = (await deps.repository.getTimeline(target.applicationId)).filter((e) =>
      ['step-claimed', 'step-assigned', 'step-released'].includes(e.type),
    );
    expect(events.map((e) => [e.type, e.actor.userId, e.detail.from, e.detail.to])).toEqual([
      ['step-claimed', 'officer-wang', null, 'officer-wang'],
      ['step-assigned', 'lead-chen', 'officer-wang', 'officer-li'],
      ['step-released', 'officer-li', 'officer-li', null],
    ]);
    expect(events[1]!.detail).toMatchObject({ reassigned: true, reason: '王同志休假' });
  });
});

describe('who decides a held step', () => {
  it('a non-assignee is refused (403) and nothing is written; the assignee decides', async () => {
    // Prepare
    const target = await reviewStep();
    await change(wang, target, { action: 'claim' });
    const before = await deps.repository.getStep(target.applicationId, target.stepId);

    // Act
    const refused = await decide(li, target);
    const decided = await decide(wang, target);

    // Assess
    expect(refused.statusCode).toBe(403);
    expect(decided.statusCode).toBe(200);
    const after = await deps.repository.getStep(target.applicationId, target.stepId);
    expect(after.decision).toMatchObject({ decidedBy: 'officer-wang', outcome: 'approved' });
    expect(after.version).toBe(before.version + 1);
  });

  it('a lead decides a step another officer holds; an unheld step stays any officer’s', async () => {
    const held = await reviewStep();
    await change(wang, held, { action: 'claim' });
    const unheld = await reviewStep();

    expect((await decide(lead, held)).statusCode).toBe(200);
    expect((await decide(zhao, unheld)).statusCode).toBe(200);
  });

  it('a decided step cannot be claimed (409 STEP_NOT_OPEN)', async () => {
    const target = await reviewStep();
    await decide(wang, target);

    const late = await change(li, target, { action: 'claim' });

    expect(late.statusCode).toBe(409);
    expect(late.body.error.code).toBe('STEP_NOT_OPEN');
  });
});

describe('inbox views and the overdue report', () => {
  it('mine, unassigned and the whole department, each by due time; the overdue report names the holder', async () => {
    // Prepare: a department of its own, three steps due on different days, one claimed by Wang.
    const ownTable = await createTestTable(inject('dynamoEndpoint'));
    const own = concurrencyDeps(ownTable, fakeStepFunctions());
    const previous = deps;
    deps = own;
    try {
      const late = await reviewStep('2025-03-20T15:59:59.999Z');
      const soon = await reviewStep('2025-03-05T15:59:59.999Z');
      const overdue = await reviewStep('2025-03-01T15:59:59.999Z');
      await change(wang, late, { action: 'claim' });
      await change(wang, overdue, { action: 'claim' });
      const inbox = (principal: Principal, view?: string) =>
        invoke(
          inboxHandler(own),
          apiEvent({
            method: 'GET',
            path: '/inbox',
            principal,
            ...(view ? { queryStringParameters: { view } } : {}),
          }),
        ).then((r) => (r.body.items as { applicationId: string }[]).map((s) => s.applicationId));

      // Act + Assess
      expect(await inbox(wang, 'mine')).toEqual([overdue.applicationId, late.applicationId]);
      expect(await inbox(li, 'mine')).toEqual([]);
      expect(await inbox(li, 'unassigned')).toEqual([soon.applicationId]);
      expect(await inbox(li)).toEqual([overdue.applicationId, soon.applicationId, late.applicationId]);

      const report = await overdueReport(own, { department });
      expect(report.steps).toEqual([
        expect.objectContaining({ applicationId: overdue.applicationId, assignee: 'officer-wang' }),
      ]);
    } finally {
      deps = previous;
      await ownTable.drop();
    }
  });
});
