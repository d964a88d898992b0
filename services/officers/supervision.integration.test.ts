// 督办单 on DynamoDB Local through the real handlers: an administrator issues an order on an open step → the
// step's department lists it → answers it → the order is closed and off the lists; an unanswered order turns
// overdue once its limit (working days on the official calendar) has passed, once however often the sweeper runs
// (movable clock); another department's officer gets 404; the enterprise sees the order on its timeline without
// its reason or the department's answer.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { anApplication, aStep, fixedNow, principals, seed } from '#test/support/fixtures';
import { createHandler as issueHandler } from '#services/officers/handlers/issue-supervision';
import { createHandler as answerHandler } from '#services/officers/handlers/answer-supervision';
import { createHandler as listHandler } from '#services/officers/handlers/list-supervision';
import { createHandler as getApplicationHandler } from '#services/intake/handlers/get-application';
import { sweepDeadlines } from '#services/sla/core/sweep-deadlines';
import type { Principal } from '#shared/auth/principal';
import { apiEvent, invoke } from '#test/support/http';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { concurrencyDeps, fakeStepFunctions } from '#test/concurrency/support';

const department = 'housing-construction';
const officer: Principal = { userId: 'officer-wang', roles: ['department-officer'], department };
const otherOfficer: Principal = {
  userId: 'officer-nr',
  roles: ['department-officer'],
  department: 'natural-resources',
};
const admin: Principal = { userId: 'admin-1', roles: ['administrator'] };

let table: TestTable;
let deps: ReturnType<typeof concurrencyDeps>;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  deps = concurrencyDeps(table, fakeStepFunctions());
});
afterAll(async () => {
  await table?.drop();
});

async function reviewStep() {
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
        dueAt: '2025-03-13T15:59:59.999Z',
        taskToken: `token-${randomUUID()}`,
      }),
    ],
  );
  return { applicationId, stepId };
}

const issue = (principal: Principal, applicationId: string, body: unknown) =>
  invoke(
    issueHandler(deps),
    apiEvent({
      method: 'POST',
      path: `/applications/${applicationId}/supervision-orders`,
      pathParameters: { applicationId },
      principal,
      body,
    }),
  );
const answer = (principal: Principal, applicationId: string, orderId: string, body: unknown) =>
  invoke(
    answerHandler(deps),
    apiEvent({
      method: 'POST',
      path: `/applications/${applicationId}/supervision-orders/${orderId}/answer`,
      pathParameters: { applicationId, orderId },
      principal,
      body,
    }),
  );
const list = async (principal: Principal) => {
  const response = await invoke(
    listHandler(deps),
    apiEvent({ method: 'GET', path: '/supervision-orders', principal }),
  );
  expect(response.statusCode, response.rawBody).toBe(200);
  return response.body.items as { orderId: string; status: string; reason: string }[];
};
const timelineFor = async (principal: Principal, applicationId: string) => {
  const response = await invoke(
    getApplicationHandler(deps),
    apiEvent({
      method: 'GET',
      path: `/applications/${applicationId}`,
      pathParameters: { applicationId },
      principal,
    }),
  );
  expect(response.statusCode, response.rawBody).toBe(200);
  return (response.body.timeline as { type: string; detail: Record<string, unknown> }[]).filter((event) =>
    event.type.startsWith('supervision-'),
  );
};

/** The SLA sweep as scheduled, with the test's fixed calendar (no calendar source to reload). */
const sweep = () => {
  const { calendars, ...sweeper } = deps;
  void calendars;
  return sweepDeadlines(sweeper);
};

describe('supervision orders (督办单)', () => {
  it('issued by an administrator, listed for the department, answered by it, then closed', async () => {
    // Prepare
    deps.setNow(fixedNow); // Monday 3 March 2025, 09:00 in Beijing
    const target = await reviewStep();

    // Act
    const issued = await issue(admin, target.applicationId, {
      stepId: target.stepId,
      reason: '企业反映审查迟缓，请加快办理',
      limitWorkingDays: 2,
    });

    // Assess: counted from the next working day, as the law counts limits: due at the end of Wednesday 5 March
    expect(issued.statusCode, issued.rawBody).toBe(200);
    const order = issued.body as { orderId: string; version: number };
    expect(issued.body).toMatchObject({
      department,
      stepId: target.stepId,
      status: 'open',
      dueAt: '2025-03-05T15:59:59.999Z',
      issuedBy: admin.userId,
      version: 1,
    });
    expect((await list(officer)).map((o) => o.orderId)).toContain(order.orderId);
    expect((await list(admin)).map((o) => o.orderId)).toContain(order.orderId);
    expect((await list(otherOfficer)).map((o) => o.orderId)).not.toContain(order.orderId);

    // Another department's officer: as if the order did not exist; nothing written.
    const foreign = await answer(otherOfficer, target.applicationId, order.orderId, { response: 'x' });
    expect(foreign.statusCode).toBe(404);

    deps.setNow(new Date(fixedNow.getTime() + 3_600_000));
    const stale = await answer(officer, target.applicationId, order.orderId, {
      response: '已办理',
      expectedVersion: 7,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body.error.code).toBe('STALE_VERSION');

    const answered = await answer(officer, target.applicationId, order.orderId, {
      response: '已组织会审，3月5日出具意见',
      expectedVersion: 1,
    });
    expect(answered.statusCode, answered.rawBody).toBe(200);
    expect(answered.body).toMatchObject({ status: 'answered', answeredBy: officer.userId, version: 2 });
    const again = await answer(officer, target.applicationId, order.orderId, { response: '再次' });
    expect(again.statusCode).toBe(409);
    expect(again.body.error.code).toBe('SUPERVISION_ANSWERED');
    expect((await list(officer)).map((o) => o.orderId)).not.toContain(order.orderId);
    expect((await list(admin)).map((o) => o.orderId)).not.toContain(order.orderId);

    // Timeline: staff read the reason and the answer; the enterprise only that it happened.
    const staffView = await timelineFor(admin, target.applicationId);
    expect(staffView.map((e) => e.type)).toEqual(['supervision-issued', 'supervision-answered']);
    expect(staffView[0]!.detail).toMatchObject({
      reason: '企业反映审查迟缓，请加快办理',
      limitWorkingDays: 2,
    });
    // The issuer is on the answer (whom the notification service tells); the enterprise reads neither.
    expect(staffView[1]!.detail).toMatchObject({
      response: '已组织会审，3月5日出具意见',
      late: false,
      issuedBy: admin.userId,
    });
    const enterpriseView = await timelineFor(principals.enterprise, target.applicationId);
    expect(enterpriseView.map((e) => e.type)).toEqual(['supervision-issued', 'supervision-answered']);
    expect(enterpriseView[0]!.detail).toEqual({
      orderId: order.orderId,
      department,
      limitWorkingDays: 2,
      dueAt: '2025-03-05T15:59:59.999Z',
    });
    expect(enterpriseView[1]!.detail).not.toHaveProperty('response');
    expect(enterpriseView[1]!.detail).not.toHaveProperty('issuedBy');
  });

  it('an unanswered order turns overdue after its limit, once, and a late answer still closes it', async () => {
    // Prepare
    deps.setNow(fixedNow);
    const target = await reviewStep();
    const issued = await issue(admin, target.applicationId, {
      stepId: target.stepId,
      reason: '请说明超期原因',
      limitWorkingDays: 1,
    });
    const orderId = issued.body.orderId as string;
    const key = `${target.applicationId}/${orderId}`;

    // Act: the limit (all of Tuesday 4 March, Beijing time) has not passed yet, then it has
    deps.setNow(new Date('2025-03-04T15:59:59.000Z'));
    const early = await sweep();
    deps.setNow(new Date('2025-03-04T16:00:00.000Z'));
    const [first, second] = [await sweep(), await sweep()];

    // Assess
    expect(early.supervisionOverdue).not.toContain(key);
    expect(first.supervisionOverdue).toContain(key);
    expect(second.supervisionOverdue).not.toContain(key);
    const order = await deps.repository.findSupervisionOrder(target.applicationId, orderId);
    expect(order).toMatchObject({ status: 'overdue', overdueAt: '2025-03-04T16:00:00.000Z', version: 2 });
    expect((await list(admin)).find((o) => o.orderId === orderId)).toMatchObject({ status: 'overdue' });
    const events = await timelineFor(admin, target.applicationId);
    expect(events.filter((e) => e.type === 'supervision-overdue')).toHaveLength(1);
    expect(events.find((e) => e.type === 'supervision-overdue')!.detail).toMatchObject({
      issuedBy: admin.userId,
    });

    const late = await answer(officer, target.applicationId, orderId, { response: '已补办' });
    expect(late.statusCode, late.rawBody).toBe(200);
    expect((await timelineFor(admin, target.applicationId)).at(-1)!.detail).toMatchObject({ late: true });
  });

  it('refuses bad input with the field, other roles, closed steps and unknown ones, writing nothing', async () => {
    deps.setNow(fixedNow);
    const target = await reviewStep();
    const badLimit = await issue(admin, target.applicationId, {
      stepId: target.stepId,
      reason: '',
      limitWorkingDays: 0,
    });
    expect(badLimit.statusCode).toBe(400);
    expect(JSON.stringify(badLimit.body)).toContain('limitWorkingDays');
    expect(JSON.stringify(badLimit.body)).toContain('reason');
    const byOfficer = await issue(officer, target.applicationId, {
      stepId: target.stepId,
      reason: '自行督办',
      limitWorkingDays: 1,
    });
    expect(byOfficer.statusCode).toBe(403);
    const unknown = await issue(admin, target.applicationId, {
      stepId: 'no-such-step',
      reason: '督办',
      limitWorkingDays: 1,
    });
    expect(unknown.statusCode).toBe(404);
    const missing = await answer(officer, target.applicationId, 'sup-none', { response: 'x' });
    expect(missing.statusCode).toBe(404);
    expect(await deps.repository.listSupervisionOrders(target.applicationId)).toEqual([]);
  });
});
