import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeTable, type FakeTable } from '#test/support/fake-table';
import { anApplication, aStep, principals, seed, testDeps } from '#test/support/fixtures';
import type { Principal } from '#shared/auth/principal';
import type { DocumentMeta } from '#shared/model';
import { apiEvent, invoke } from '#test/support/http';
import { createHandler } from './resubmit-supplement.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
let table: FakeTable;
let deps: ReturnType<typeof testDeps>;

const requestedAt = '2025-03-03T03:00:00.000Z';
const supplementStep = aStep({
  stepId: 'enterprise-supplement-1',
  kind: 'enterprise-supplement',
  department: 'window',
  openedAt: requestedAt,
  pauses: [{ from: requestedAt, reason: 'supplement' }],
  dueAt: undefined,
  taskToken: 'token-supplement-1',
});
const closedIntake = aStep({
  status: 'closed',
  closedAt: requestedAt,
  decision: {
    outcome: 'supplement-requested',
    missingItems: ['营业执照副本'],
    decidedBy: 'clerk-1',
    decidedAt: requestedAt,
  },
});
const licence: DocumentMeta = {
  documentId: 'doc-2',
  kind: 'business-licence',
  name: '营业执照副本.pdf',
  sizeBytes: 2048,
  sha256: 'b'.repeat(64),
};
const environmental: DocumentMeta = {
  ...licence,
  documentId: 'doc-3',
  kind: 'environmental-report',
  name: '环评.pdf',
};

beforeEach(async () => {
  table = installFakeTable(ddb);
  sfn.on(SendTaskSuccessCommand).resolves({});
  deps = testDeps();
  await seed(deps, anApplication({ status: 'supplement-requested' }), [closedIntake, supplementStep]);
  deps.setNow(new Date('2025-03-04T02:00:00.000Z'));
});
afterEach(() => {
  ddb.reset();
  sfn.reset();
});

function resubmit(body: unknown, principal: Principal = principals.enterprise, applicationId = 'app-1') {
  return invoke(
    createHandler(deps),
    apiEvent({
      method: 'POST',
      path: `/applications/${applicationId}/supplement`,
      pathParameters: { applicationId },
      principal,
      body,
    }),
  );
}
const stored = (key: string) => table.items.get(`APP#app-1|${key}`);
const callbacks = () => sfn.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input);

describe('resubmitSupplement', () => {
  it('answers the open supplement request with the documents, ends the pause and tells the workflow', async () => {
    // Act
    const response = await resubmit({ documents: [licence] });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body.step).toMatchObject({
      stepId: 'enterprise-supplement-1',
      status: 'closed',
      decision: { outcome: 'resubmitted', decidedBy: 'ent-user-1' },
      pauses: [{ from: requestedAt, to: '2025-03-04T02:00:00.000Z', reason: 'supplement' }],
    });
    expect((stored('A')?.documents as DocumentMeta[]).map((d) => d.documentId)).toEqual(['doc-1', 'doc-2']);
    expect(callbacks()).toEqual([
      { taskToken: 'token-supplement-1', output: JSON.stringify({ outcome: 'resubmitted' }) },
    ]);
  });

  it("records an agency officer's answer on behalf of the enterprise", async () => {
    const response = await resubmit({ documents: [licence] }, principals.agency);

    expect(response.statusCode).toBe(200);
    const event = table.partition('APP#app-1').find((item) => item.type === 'supplement-resubmitted');
    expect(event).toMatchObject({
      actor: { userId: 'agent-1', role: 'agency-officer' },
      onBehalfOf: 'ent-1',
    });
    expect(response.body.step.decision.onBehalfOf).toBe('ent-1');
  });

  it('replaces a document sent again under the same id', async () => {
    const newer = { ...licence, documentId: 'doc-1', kind: 'site-plan', sha256: 'c'.repeat(64) };

    await resubmit({ documents: [newer] });

    expect(stored('A')?.documents).toEqual([newer]);
  });

  it('answers 404 to another enterprise and 403 to officials, who see it but do not answer for it', async () => {
    expect((await resubmit({ documents: [licence] }, principals.otherEnterprise)).statusCode).toBe(404);
    expect((await resubmit({ documents: [licence] }, principals.clerk)).statusCode).toBe(403);
    expect(callbacks()).toEqual([]);
  });

  it('answers a second resubmission with 409', async () => {
    await resubmit({ documents: [licence] });

    const second = await resubmit({ documents: [licence] });

    expect(second.statusCode).toBe(409);
    expect(second.body.error.code).toBe('STEP_NOT_OPEN');
  });

  it('closes tolerated gaps with their documents even when no supplement request is open', async () => {
    // Prepare: an accepted application with one open gap and nothing to answer.
    await seed(
      deps,
      anApplication({
        applicationId: 'app-2',
        status: 'in-review',
        acceptedAt: '2025-03-03T01:00:00.000Z',
        toleratedGaps: [{ documentKind: 'environmental-report', dueOn: '2025-03-20' }],
      }),
    );

    // Act
    const response = await resubmit(
      { documents: [environmental], closesGaps: ['environmental-report'] },
      principals.enterprise,
      'app-2',
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body.step).toBeUndefined();
    expect(response.body.application.toleratedGaps).toEqual([
      { documentKind: 'environmental-report', dueOn: '2025-03-20', closedAt: '2025-03-04T02:00:00.000Z' },
    ]);
    expect(table.partition('APP#app-2').find((item) => item.type === 'gap-closed')).toMatchObject({
      detail: { documentKinds: ['environmental-report'], documentIds: ['doc-3'] },
    });
    expect(callbacks()).toEqual([]);
  });

  it('refuses to close a gap without its document, or a gap that is not open', async () => {
    const withoutDocument = await resubmit({ closesGaps: ['environmental-report'] });
    const notOpen = await resubmit({ documents: [environmental], closesGaps: ['environmental-report'] });

    expect(withoutDocument.statusCode).toBe(400);
    expect(withoutDocument.body.error.issues).toEqual([
      { path: 'closesGaps.0', message: expect.any(String) },
    ]);
    expect(notOpen.statusCode).toBe(400);
    expect(notOpen.body.error.issues).toEqual([
      { path: 'closesGaps.0', message: 'no open tolerated gap of this kind' },
    ]);
  });

  it('answers 409 when there is neither a request to answer nor a gap to close', async () => {
    await seed(deps, anApplication({ applicationId: 'app-3', status: 'in-review' }));

    const response = await resubmit({ documents: [licence] }, principals.enterprise, 'app-3');

    expect(response.statusCode).toBe(409);
    expect(response.body.error.code).toBe('STEP_NOT_OPEN');
  });

  it('asks which request is answered when several are open at once', async () => {
    const review = (permitType: 'construction' | 'land-use-planning', department: string) =>
      aStep({
        applicationId: 'app-4',
        stepId: `review-supplement-${permitType}-1`,
        kind: 'review-supplement',
        department,
        permitType,
        pauses: [{ from: requestedAt, reason: 'supplement' }],
      });
    await seed(deps, anApplication({ applicationId: 'app-4', status: 'in-review' }), [
      review('construction', 'housing-construction'),
      review('land-use-planning', 'natural-resources'),
    ]);

    const unnamed = await resubmit({ documents: [licence] }, principals.enterprise, 'app-4');
    const named = await resubmit(
      { stepId: 'review-supplement-construction-1', documents: [licence] },
      principals.enterprise,
      'app-4',
    );

    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.body.error.issues[0].path).toBe('stepId');
    expect(named.statusCode).toBe(200);
    expect(named.body.step.stepId).toBe('review-supplement-construction-1');
  });

  it('answers the gap-closure step issuance waits on once the last open gap is closed', async () => {
    // Prepare: issuance found two gaps open and waits in a gap-closure step.
    const gapClosure = aStep({
      applicationId: 'app-5',
      stepId: 'gap-closure-1',
      kind: 'gap-closure',
      department: 'window',
      taskToken: 'token-gaps',
    });
    await seed(
      deps,
      anApplication({
        applicationId: 'app-5',
        status: 'in-review',
        acceptedAt: '2025-03-03T01:00:00.000Z',
        toleratedGaps: [
          { documentKind: 'environmental-report', dueOn: '2025-03-20' },
          { documentKind: 'business-licence', dueOn: '2025-03-20' },
        ],
      }),
      [gapClosure],
    );

    // Act
    const some = await resubmit(
      { documents: [environmental], closesGaps: ['environmental-report'] },
      principals.enterprise,
      'app-5',
    );
    const last = await resubmit(
      { documents: [licence], closesGaps: ['business-licence'] },
      principals.enterprise,
      'app-5',
    );

    // Assess
    expect(some.statusCode).toBe(200);
    expect(some.body.step).toBeUndefined();
    expect(last.statusCode).toBe(200);
    expect(last.body.step).toMatchObject({
      stepId: 'gap-closure-1',
      status: 'closed',
      decision: { outcome: 'resubmitted' },
    });
    expect(last.body.application.toleratedGaps.every((gap: { closedAt?: string }) => gap.closedAt)).toBe(
      true,
    );
    expect(callbacks()).toEqual([
      { taskToken: 'token-gaps', output: JSON.stringify({ outcome: 'resubmitted' }) },
    ]);
    expect(table.partition('APP#app-5').filter((item) => item.type === 'gap-closed')).toHaveLength(2);
  });
});
