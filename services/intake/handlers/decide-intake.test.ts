import { SendTaskSuccessCommand, SFNClient, TaskTimedOut } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeTable, type FakeTable } from '#test/support/fake-table';
import { anApplication, aStep, principals, seed, testDeps } from '#test/support/fixtures';
import type { Principal } from '#shared/auth/principal';
import { apiEvent, invoke } from '#test/support/http';
import { createHandler } from './decide-intake.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
let table: FakeTable;
let deps: ReturnType<typeof testDeps>;

beforeEach(async () => {
  table = installFakeTable(ddb);
  sfn.on(SendTaskSuccessCommand).resolves({});
  deps = testDeps();
  await seed(deps, anApplication(), [aStep()]);
  deps.setNow(new Date('2025-03-03T06:00:00.000Z')); // the same Monday, 14:00 in Shanghai
});
afterEach(() => {
  ddb.reset();
  sfn.reset();
});

function decide(body: unknown, principal: Principal = principals.clerk, applicationId = 'app-1') {
  return invoke(
    createHandler(deps),
    apiEvent({
      method: 'POST',
      path: `/applications/${applicationId}/intake-decision`,
      pathParameters: { applicationId },
      principal,
      body,
    }),
  );
}
const stored = (key: string) => table.items.get(`APP#app-1|${key}`);
const callbacks = () => sfn.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input);

describe('decideIntake', () => {
  it('accepts: the step closes, the clock starts, the workflow hears "accepted"', async () => {
    // Act
    const response = await decide({ outcome: 'accept' });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body.application).toMatchObject({
      status: 'accepted',
      acceptedAt: '2025-03-03T06:00:00.000Z',
    });
    expect(response.body.step).toMatchObject({
      stepId: 'intake-1',
      status: 'closed',
      decision: { outcome: 'accepted', decidedBy: 'clerk-1' },
    });
    expect(response.body.step.taskToken).toBeUndefined();
    expect(callbacks()).toEqual([
      { taskToken: 'token-intake-1', output: JSON.stringify({ outcome: 'accepted' }) },
    ]);
    const events = table.partition('APP#app-1').filter((item) => item.itemType === 'event');
    expect(events.find((event) => event.type === 'intake-accepted')).toMatchObject({
      actor: { userId: 'clerk-1', role: 'window-clerk' },
      stepId: 'intake-1',
    });
  });

  it('accepts with tolerated gaps, each with its due date', async () => {
    const gaps = [{ documentKind: 'environmental-report', dueOn: '2025-03-20' }];

    const response = await decide({ outcome: 'accept-with-gaps', gaps });

    expect(response.statusCode).toBe(200);
    // Read back as every reader reads it: the acceptance rides on the closed intake step until the application
    // item's next write (the README's "Writes per human decision").
    expect(await deps.repository.getApplication('app-1')).toMatchObject({
      toleratedGaps: gaps,
      status: 'accepted',
    });
    expect(stored('STEP#intake-1')).toMatchObject({
      acceptance: { toleratedGaps: gaps, status: 'accepted' },
    });
    expect(callbacks()[0]?.output).toBe(JSON.stringify({ outcome: 'accepted-with-gaps' }));
  });

  it('requests supplements with the complete list of what is missing', async () => {
    const missingItems = ['营业执照副本', '用地红线图'];

    const response = await decide({ outcome: 'request-supplement', missingItems });

    expect(response.statusCode).toBe(200);
    expect(response.body.step.decision).toMatchObject({ outcome: 'supplement-requested', missingItems });
    expect(callbacks()[0]?.output).toBe(JSON.stringify({ outcome: 'supplement-requested' }));
  });

  it("names the catalogue's missing documents by kind, checked against the application's permits, before free-text items", async () => {
    // Act
    const response = await decide({
      outcome: 'request-supplement',
      missingDocuments: ['site-plan', 'environmental-report'],
      missingItems: ['营业执照副本 (signed original)'],
    });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body.step.decision).toMatchObject({
      outcome: 'supplement-requested',
      missingItems: [
        '总平面图 (site-plan)',
        '环境影响评价文件 (environmental-report)',
        '营业执照副本 (signed original)',
      ],
    });
  });

  it('refuses a supplement list naming a document the permits do not require (422 with the field), deciding nothing', async () => {
    // Act: the design scheme belongs to engineering planning, not applied for.
    const response = await decide({
      outcome: 'request-supplement',
      missingDocuments: ['site-plan', 'design-scheme'],
    });
    const twice = await decide({
      outcome: 'request-supplement',
      missingDocuments: ['site-plan', 'site-plan'],
    });
    const notASupplement = await decide({ outcome: 'accept', missingDocuments: ['site-plan'] });

    // Assess
    expect(response.statusCode).toBe(422);
    expect(response.body.error).toMatchObject({
      code: 'NOT_A_REQUIRED_DOCUMENT',
      issues: [{ path: 'missingDocuments.1', message: expect.stringContaining('design-scheme') }],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.body.error.issues).toEqual([{ path: 'missingDocuments.1', message: 'named twice' }]);
    expect(notASupplement.body.error.issues).toEqual([
      { path: 'missingDocuments', message: expect.any(String) },
    ]);
    expect(stored('STEP#intake-1')).toMatchObject({ status: 'open' });
    expect(callbacks()).toEqual([]);
  });

  it('refuses with a reason', async () => {
    const response = await decide({ outcome: 'refuse', reason: '不属于本窗口受理范围' });

    expect(response.statusCode).toBe(200);
    expect(response.body.step.decision).toMatchObject({ outcome: 'refused', reason: '不属于本窗口受理范围' });
    expect(callbacks()[0]?.output).toBe(JSON.stringify({ outcome: 'refused' }));
  });

  it('rejects incomplete decisions with the field paths, deciding nothing', async () => {
    const supplement = await decide({ outcome: 'request-supplement' });
    const emptyList = await decide({ outcome: 'request-supplement', missingItems: [] });
    const refusal = await decide({ outcome: 'refuse' });
    const gaps = await decide({ outcome: 'accept-with-gaps' });
    const unknown = await decide({ outcome: 'accept', acceptedAt: '2025-01-01T00:00:00.000Z' });

    expect(supplement.body.error.issues).toEqual([{ path: 'missingItems', message: expect.any(String) }]);
    expect(emptyList.body.error.issues).toEqual([{ path: 'missingItems', message: expect.any(String) }]);
    expect(refusal.body.error.issues).toEqual([{ path: 'reason', message: expect.any(String) }]);
    expect(gaps.body.error.issues).toEqual([{ path: 'gaps', message: expect.any(String) }]);
    expect(unknown.body.error.issues).toEqual([{ path: 'acceptedAt', message: 'unknown field' }]);
    for (const response of [supplement, emptyList, refusal, gaps, unknown])
      expect(response.statusCode).toBe(400);
    expect(stored('STEP#intake-1')).toMatchObject({ status: 'open' });
    expect(callbacks()).toEqual([]);
  });

  it('rejects a gap due in the past', async () => {
    const response = await decide({
      outcome: 'accept-with-gaps',
      gaps: [{ documentKind: 'environmental-report', dueOn: '2025-03-02' }],
    });

    expect(response.statusCode).toBe(400);
    expect(response.body.error.issues).toEqual([{ path: 'gaps.0.dueOn', message: expect.any(String) }]);
  });

  it('refuses 容缺 of a document the catalogue does not let follow, of one not required, and of one submitted (422)', async () => {
    // Prepare: the fixture applies for land-use planning and construction and submitted the site plan. The
    // default catalogue requires the business licence (never tolerable) and lets the environmental report follow.
    const decideGap = (documentKind: string) =>
      decide({ outcome: 'accept-with-gaps', gaps: [{ documentKind, dueOn: '2025-03-20' }] });

    // Act
    const licence = await decideGap('business-licence');
    const unrelated = await decideGap('mining-licence');
    const submitted = await decideGap('site-plan');

    // Assess
    for (const response of [licence, unrelated, submitted]) {
      expect(response.statusCode).toBe(422);
      expect(response.body.error.code).toBe('GAP_NOT_TOLERABLE');
    }
    expect(licence.body.error.issues).toEqual([
      { path: 'gaps.0.documentKind', message: expect.stringContaining('may not be tolerated') },
    ]);
    expect(unrelated.body.error.issues).toEqual([
      { path: 'gaps.0.documentKind', message: expect.stringContaining('not a document the permits') },
    ]);
    expect(submitted.body.error.issues).toEqual([
      { path: 'gaps.0.documentKind', message: expect.stringContaining('was submitted') },
    ]);
    // Nothing decided, nothing told to the workflow.
    expect(stored('STEP#intake-1')).toMatchObject({ status: 'open' });
    expect(callbacks()).toEqual([]);
  });

  it('lets only the window clerk decide: 403 for everyone else', async () => {
    for (const principal of [
      principals.enterprise,
      principals.agency,
      principals.planning,
      principals.admin,
    ]) {
      expect((await decide({ outcome: 'accept' }, principal)).statusCode).toBe(403);
    }
    expect(callbacks()).toEqual([]);
  });

  it('answers 404 for an unknown application', async () => {
    expect((await decide({ outcome: 'accept' }, principals.clerk, 'app-404')).statusCode).toBe(404);
  });

  it('answers a second decision with 409, resending the first one to the workflow', async () => {
    await decide({ outcome: 'accept' });

    const second = await decide({ outcome: 'refuse', reason: '重复' });

    expect(second.statusCode).toBe(409);
    expect(second.body.error.code).toBe('STEP_NOT_OPEN');
    expect(stored('STEP#intake-1')).toMatchObject({ decision: { outcome: 'accepted' } });
    expect(callbacks().map((input) => input.output)).toEqual([
      JSON.stringify({ outcome: 'accepted' }),
      JSON.stringify({ outcome: 'accepted' }),
    ]);
  });

  it('answers 409 before the workflow has opened the intake step', async () => {
    await seed(deps, anApplication({ applicationId: 'app-2' }));

    const response = await decide({ outcome: 'accept' }, principals.clerk, 'app-2');

    expect(response.statusCode).toBe(409);
    expect(response.body.error.code).toBe('STEP_NOT_OPEN');
  });

  it('answers 409 when the application changed since the version the clerk read', async () => {
    const response = await decide({ outcome: 'accept', expectedVersion: 7 });

    expect(response.statusCode).toBe(409);
    expect(response.body.error.code).toBe('STALE_VERSION');
    expect(stored('STEP#intake-1')).toMatchObject({ status: 'open' });
  });

  it('answers 410 when the step expired before the decision arrived, and voids the decision', async () => {
    sfn.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));

    const response = await decide({ outcome: 'accept' });

    expect(response.statusCode).toBe(410);
    expect(stored('STEP#intake-1')).toMatchObject({ status: 'cancelled' });
    expect(stored('STEP#intake-1')?.decision).toBeUndefined();
    expect(stored('A')).toMatchObject({ status: 'submitted' });
    expect(stored('A')?.acceptedAt).toBeUndefined();
  });
});
