// 代理 on DynamoDB Local with an injected clock: during an officer's declared absence its substitute reads and
// decides the absent officer's steps, each decision recorded "by X for Y"; once the absence ends (by itself) the
// substitute is refused like any other colleague.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { anApplication, aStep, fixedNow, seed } from '#test/support/fixtures';
import { createHandler as absenceHandler } from '#services/officers/handlers/declare-absence';
import { createHandler as assignmentHandler } from '#services/officers/handlers/change-assignment';
import { createHandler as decideStepHandler } from '#services/review/handlers/decide-step';
import { createHandler as inboxHandler } from '#services/review/handlers/list-inbox';
import type { Principal } from '#shared/auth/principal';
import { apiEvent, invoke } from '#test/support/http';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { concurrencyDeps, fakeStepFunctions } from '#test/concurrency/support';

const department = 'housing-construction';
const officer = (userId: string): Principal => ({ userId, roles: ['department-officer'], department });
const wang = officer('officer-wang');
const li = officer('officer-li');
const hour = 3_600_000;

let table: TestTable;
let deps: ReturnType<typeof concurrencyDeps>;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  deps = concurrencyDeps(table, fakeStepFunctions());
});
afterAll(async () => {
  await table?.drop();
});

async function stepHeldByWang() {
  const applicationId = `app-${randomUUID()}`;
  const target = { applicationId, stepId: 'review-construction-1' };
  await seed(
    deps,
    anApplication({ applicationId, status: 'in-review', acceptedAt: fixedNow.toISOString() }),
    [
      aStep({
        ...target,
        kind: 'review',
        department,
        permitType: 'construction',
        budgetDays: 8,
        dueAt: '2025-03-13T15:59:59.999Z',
        taskToken: `token-${randomUUID()}`,
      }),
    ],
  );
  const claimed = await invoke(
    assignmentHandler(deps),
    apiEvent({
      method: 'POST',
      path: `/applications/${applicationId}/steps/${target.stepId}/assignment`,
      pathParameters: target,
      principal: wang,
      body: { action: 'claim' },
    }),
  );
  expect(claimed.statusCode).toBe(200);
  return target;
}

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

const declare = (principal: Principal, body: unknown) =>
  invoke(absenceHandler(deps), apiEvent({ method: 'POST', path: '/officers/me/absences', principal, body }));

const inboxFor = (principal: Principal, holder: string) =>
  invoke(
    inboxHandler(deps),
    apiEvent({
      method: 'GET',
      path: '/inbox',
      principal,
      queryStringParameters: { view: 'mine', for: holder },
    }),
  );

describe('substitutes (代理)', () => {
  it('decide the absent officer’s steps during the absence, "by X for Y", and not after it', async () => {
    // Prepare: Wang holds two steps and is away for two days from tomorrow; Li stands in.
    deps.setNow(fixedNow);
    const during = await stepHeldByWang();
    const after = await stepHeldByWang();
    const from = new Date(fixedNow.getTime() + 24 * hour);
    const to = new Date(from.getTime() + 48 * hour);
    const declared = await declare(wang, {
      from: from.toISOString(),
      to: to.toISOString(),
      substitute: 'officer-li',
      note: '出差',
    });
    expect(declared.statusCode, declared.rawBody).toBe(200);

    // Act + Assess: before the absence, Li is just a colleague.
    expect((await decide(li, during)).statusCode).toBe(403);
    expect((await inboxFor(li, 'officer-wang')).statusCode).toBe(403);

    // During it, Li reads Wang's steps and decides one, recorded for Wang.
    deps.setNow(new Date(from.getTime() + hour));
    const inbox = await inboxFor(li, 'officer-wang');
    expect(inbox.statusCode).toBe(200);
    expect((inbox.body.items as { applicationId: string }[]).map((s) => s.applicationId).sort()).toEqual(
      [during.applicationId, after.applicationId].sort(),
    );
    const decided = await decide(li, during);
    expect(decided.statusCode, decided.rawBody).toBe(200);
    expect(decided.body.step.decision).toMatchObject({ decidedBy: 'officer-li', decidedFor: 'officer-wang' });
    const event = (await deps.repository.getTimeline(during.applicationId)).find(
      (e) => e.type === 'step-decided',
    );
    expect(event).toMatchObject({ actor: { userId: 'officer-li' }, detail: { decidedFor: 'officer-wang' } });

    // At `to` the absence has ended by itself.
    deps.setNow(to);
    expect((await decide(li, after)).statusCode).toBe(403);
    expect((await inboxFor(li, 'officer-wang')).statusCode).toBe(403);
    const own = await decide(wang, after);
    expect(own.statusCode).toBe(200);
    expect(own.body.step.decision.decidedFor).toBeUndefined();
  });

  it('refuses an absence that overlaps one declared already, one already over, and standing in for oneself', async () => {
    deps.setNow(fixedNow);
    const zhao = officer(`officer-${randomUUID()}`);
    const at = (hours: number) => new Date(fixedNow.getTime() + hours * hour).toISOString();

    const first = await declare(zhao, { from: at(1), to: at(10), substitute: 'officer-li' });
    const overlap = await declare(zhao, { from: at(5), to: at(20), substitute: 'officer-wang' });
    const past = await declare(zhao, { from: at(-10), to: at(-1), substitute: 'officer-li' });
    const self = await declare(zhao, { from: at(30), to: at(40), substitute: zhao.userId });

    expect(first.statusCode).toBe(200);
    expect(overlap.statusCode).toBe(409);
    expect(overlap.body.error.code).toBe('ABSENCE_OVERLAPS');
    expect(past.statusCode).toBe(400);
    expect(self.statusCode).toBe(400);
  });
});
