// Fifty identical decisions on one open step at the same moment, through the real handlers on DynamoDB Local:
// exactly one is recorded (one audit event, one callback that moves the workflow on). Without an
// Idempotency-Key the others are refused with 409; with one key they all answer with the first result.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { anApplication, aStep, fixedNow, principals, seed } from '#test/support/fixtures';
import { createHandler as decideIntakeHandler } from '#services/intake/handlers/decide-intake';
import { createHandler as decideStepHandler } from '#services/review/handlers/decide-step';
import type { Principal } from '#shared/auth/principal';
import type { AuditEventType, Step } from '#shared/model';
import { apiEvent } from '#test/support/http';
import type { HttpHandler } from '#shared/http/handler';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { allAtOnce, concurrencyDeps, fakeStepFunctions, tally, type FakeStepFunctions } from './support.ts';

const parallel = 50;
let table: TestTable;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});
afterAll(async () => {
  await table?.drop();
});

interface DecisionCase {
  name: string;
  handler: (sfn: FakeStepFunctions, deps: ReturnType<typeof concurrencyDeps>) => HttpHandler;
  principal: Principal;
  /** The open step and the application around it. */
  prepare: (applicationId: string) => { status: 'submitted' | 'in-review'; step: Partial<Step> };
  path: (applicationId: string, stepId: string) => string;
  pathParameters: (applicationId: string, stepId: string) => Record<string, string>;
  body: unknown;
  eventType: AuditEventType;
  output: { outcome: string };
}

const cases: DecisionCase[] = [
  {
    name: 'a department review (step decision)',
    handler: (_, deps) => decideStepHandler(deps),
    principal: principals.housing,
    prepare: () => ({
      status: 'in-review',
      step: {
        stepId: 'review-construction-1',
        kind: 'review',
        department: 'housing-construction',
        permitType: 'construction',
        budgetDays: 8,
      },
    }),
    path: (a, s) => `/applications/${a}/steps/${s}/decision`,
    pathParameters: (applicationId, stepId) => ({ applicationId, stepId }),
    body: { outcome: 'approve' },
    eventType: 'step-decided',
    output: { outcome: 'approved' },
  },
  {
    name: 'the intake (intake decision)',
    handler: (_, deps) => decideIntakeHandler(deps),
    principal: principals.clerk,
    prepare: () => ({ status: 'submitted', step: { stepId: 'intake-1' } }),
    path: (a) => `/applications/${a}/intake-decision`,
    pathParameters: (applicationId) => ({ applicationId }),
    body: { outcome: 'accept' },
    eventType: 'intake-accepted',
    output: { outcome: 'accepted' },
  },
];

async function openStep(decision: DecisionCase, deps: ReturnType<typeof concurrencyDeps>) {
  const applicationId = `app-${randomUUID()}`;
  const { status, step } = decision.prepare(applicationId);
  const taskToken = `token-${randomUUID()}`;
  await seed(
    deps,
    anApplication({
      applicationId,
      status,
      ...(status === 'in-review' ? { acceptedAt: fixedNow.toISOString() } : {}),
    }),
    [aStep({ applicationId, taskToken, ...step })],
  );
  return { applicationId, stepId: step.stepId!, taskToken };
}

function decisions(decision: DecisionCase, applicationId: string, stepId: string, key?: string) {
  return Array.from({ length: parallel }, () =>
    apiEvent({
      method: 'POST',
      path: decision.path(applicationId, stepId),
      pathParameters: decision.pathParameters(applicationId, stepId),
      principal: decision.principal,
      body: decision.body,
      headers: key === undefined ? {} : { 'idempotency-key': key },
    }),
  );
}

describe.each(cases)('50 parallel identical decisions on $name', (decision) => {
  it('record one decision and one callback; the other 49 get 409 without an Idempotency-Key', async () => {
    // Prepare
    const sfn = fakeStepFunctions();
    const deps = concurrencyDeps(table, sfn);
    const { applicationId, stepId, taskToken } = await openStep(decision, deps);

    // Act
    const responses = await allAtOnce(
      decision.handler(sfn, deps),
      decisions(decision, applicationId, stepId),
    );

    // Assess
    const counts = tally(responses);
    expect(responses.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.statusCode === 409)).toHaveLength(parallel - 1);
    expect(
      Object.keys(counts).every((label) => ['200', '409 STEP_NOT_OPEN', '409 STALE_VERSION'].includes(label)),
    ).toBe(true);
    const timeline = await deps.repository.getTimeline(applicationId);
    expect(timeline.filter((event) => event.type === decision.eventType)).toHaveLength(1);
    expect(timeline.filter((event) => event.type === 'step-cancelled')).toHaveLength(0);
    expect(sfn.accepted(taskToken)).toEqual([{ taskToken, output: decision.output }]);
    // A refused duplicate may send the recorded decision again (that heals a lost callback); the service
    // refuses it, and it is always the same decision.
    expect(sfn.calls.every((call) => JSON.stringify(call.output) === JSON.stringify(decision.output))).toBe(
      true,
    );
    const step = await deps.repository.getStep(applicationId, stepId);
    expect(step).toMatchObject({ status: 'closed', decision: { outcome: decision.output.outcome } });
  });

  it('answer all 50 with the first result when they carry one Idempotency-Key, deciding once', async () => {
    // Prepare
    const sfn = fakeStepFunctions();
    const deps = concurrencyDeps(table, sfn);
    const { applicationId, stepId, taskToken } = await openStep(decision, deps);

    // Act
    const responses = await allAtOnce(
      decision.handler(sfn, deps),
      decisions(decision, applicationId, stepId, `decide-${randomUUID()}`),
    );

    // Assess
    expect(tally(responses)).toEqual({ '200': parallel });
    const first = responses.filter((r) => r.headers['idempotent-replayed'] === undefined);
    expect(first).toHaveLength(1);
    for (const response of responses) expect(response.body).toEqual(first[0]!.body);
    const timeline = await deps.repository.getTimeline(applicationId);
    expect(timeline.filter((event) => event.type === decision.eventType)).toHaveLength(1);
    expect(sfn.calls).toEqual([{ taskToken, output: decision.output, accepted: true }]);
  });
});
