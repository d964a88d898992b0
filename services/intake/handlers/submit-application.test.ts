import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeTable, type FakeTable } from '#test/support/fake-table';
import { principals, stateMachineArn, submission, testDeps } from '#test/support/fixtures';
import type { Principal } from '#shared/auth/principal';
import { apiEvent, invoke } from '#test/support/http';
import { createHandler } from './submit-application.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
let table: FakeTable;
let deps: ReturnType<typeof testDeps>;

const started = (input: { name: string }) => ({
  executionArn: `arn:aws:states:ap-east-1:123456789012:execution:approval:${input.name}`,
  startDate: new Date(),
});

beforeEach(() => {
  table = installFakeTable(ddb);
  deps = testDeps();
  sfn.on(StartExecutionCommand).callsFake(started);
});
afterEach(() => {
  ddb.reset();
  sfn.reset();
});

function submit(
  body: unknown,
  principal: Principal = principals.enterprise,
  headers: Record<string, string> = {},
) {
  return invoke(
    createHandler(deps),
    apiEvent({ method: 'POST', path: '/applications', principal, body, headers }),
  );
}

describe('submitApplication', () => {
  it('files the application, records its event and starts the workflow named after it', async () => {
    // Act
    const response = await submit(submission());

    // Assess
    expect(response.statusCode).toBe(201);
    const application = response.body;
    expect(application).toMatchObject({
      enterpriseId: 'ent-1',
      status: 'submitted',
      receivedAt: '2025-03-03T01:00:00.000Z',
      version: 2,
    });
    expect(application.executionArn).toBeUndefined();
    expect(response.headers.location).toBe(`/applications/${application.applicationId}`);
    const [start] = sfn.commandCalls(StartExecutionCommand);
    expect(start?.args[0].input).toEqual({
      stateMachineArn,
      name: application.applicationId,
      input: JSON.stringify({ applicationId: application.applicationId }),
    });
    const stored = table.partition(`APP#${application.applicationId}`);
    expect(stored.find((item) => item.sk === 'A')).toMatchObject({
      executionArn: `arn:aws:states:ap-east-1:123456789012:execution:approval:${application.applicationId}`,
    });
    expect(stored.filter((item) => item.itemType === 'event').map((item) => item.type)).toEqual([
      'application-submitted',
      'workflow-started',
    ]);
    // The application and its event went in one transaction.
    expect(table.transactions[0]?.TransactItems).toHaveLength(2);
  });

  it('records an agency officer filing on behalf of the enterprise it names', async () => {
    // Act
    const response = await submit({ ...submission(), enterpriseId: 'ent-3' }, principals.agency);

    // Assess
    expect(response.statusCode).toBe(201);
    expect(response.body).toMatchObject({ enterpriseId: 'ent-3', agencyOfficerId: 'agent-1' });
    const events = table
      .partition(`APP#${response.body.applicationId}`)
      .filter((item) => item.itemType === 'event');
    expect(events.find((event) => event.type === 'application-submitted')).toMatchObject({
      actor: { userId: 'agent-1', role: 'agency-officer' },
      onBehalfOf: 'ent-3',
    });
  });

  it('requires an agency officer to name the enterprise', async () => {
    const response = await submit(submission(), principals.agency);

    expect(response.statusCode).toBe(400);
    expect(response.body.error.issues).toEqual([{ path: 'enterpriseId', message: expect.any(String) }]);
  });

  it('refuses an enterprise the caller does not act for with 403', async () => {
    const agency = await submit({ ...submission(), enterpriseId: 'ent-2' }, principals.agency);
    const enterprise = await submit({ ...submission(), enterpriseId: 'ent-2' });

    expect(agency.statusCode).toBe(403);
    expect(enterprise.statusCode).toBe(403);
    expect(table.items.size).toBe(0);
  });

  it('refuses callers who do not file applications with 403', async () => {
    for (const principal of [principals.clerk, principals.planning, principals.admin]) {
      const response = await submit(submission(), principal);
      expect(response.statusCode).toBe(403);
    }
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('answers 401 without an identity', async () => {
    const response = await invoke(
      createHandler(deps),
      apiEvent({ method: 'POST', path: '/applications', body: submission() }),
    );
    expect(response.statusCode).toBe(401);
  });

  it('rejects unknown fields and invalid values with their paths', async () => {
    const response = await submit({ ...submission({ investmentYuan: -1 }), status: 'issued' });

    expect(response.statusCode).toBe(400);
    expect(response.body.error.issues).toEqual(
      expect.arrayContaining([
        { path: 'status', message: 'unknown field' },
        { path: 'investmentYuan', message: expect.any(String) },
      ]),
    );
  });

  it('signs a commitment posted with a standard-land application, and refuses one on the regular track', async () => {
    // Prepare
    const standardLand = submission({
      track: 'standard-land',
      landAcquiredOn: '2025-02-27',
      commitment: { indicators: { 'investment-per-mu-yuan': 3_500_000 } },
    });

    // Act
    const signed = await submit(standardLand);
    const regular = await submit({ ...standardLand, track: 'regular' });

    // Assess
    expect(signed.statusCode).toBe(201);
    expect(signed.body.commitment).toEqual({
      signedAt: '2025-03-03T01:00:00.000Z',
      signedBy: 'ent-user-1',
      indicators: { 'investment-per-mu-yuan': 3_500_000 },
    });
    expect(regular.statusCode).toBe(400);
    expect(regular.body.error.issues).toEqual([{ path: 'commitment', message: expect.any(String) }]);
  });

  it('answers a replay with the same Idempotency-Key with the first result, starting nothing twice', async () => {
    // Prepare
    const headers = { 'idempotency-key': 'submit-7f3a' };
    const first = await submit(submission(), principals.enterprise, headers);

    // Act
    const replay = await submit(submission(), principals.enterprise, headers);

    // Assess
    expect(replay.statusCode).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
    expect([...table.items.values()].filter((item) => item.itemType === 'application')).toHaveLength(1);
  });

  it('answers 409 when an Idempotency-Key is reused for a different request', async () => {
    const headers = { 'idempotency-key': 'submit-7f3a' };
    await submit(submission(), principals.enterprise, headers);

    const reused = await submit(submission({ projectName: '另一个项目' }), principals.enterprise, headers);

    expect(reused.statusCode).toBe(409);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('keeps keys of different enterprises apart', async () => {
    const headers = { 'idempotency-key': 'same-key' };
    const mine = await submit(submission(), principals.enterprise, headers);
    const theirs = await submit(submission(), principals.otherEnterprise, headers);

    expect(theirs.statusCode).toBe(201);
    expect(theirs.body.applicationId).not.toBe(mine.body.applicationId);
  });

  it('finishes a first attempt that stored the application but never started the workflow', async () => {
    // Prepare: the first attempt dies after its commit.
    const headers = { 'idempotency-key': 'crash-1' };
    sfn.on(StartExecutionCommand).rejectsOnce(new Error('socket hang up')).callsFake(started);
    const crashed = await submit(submission(), principals.enterprise, headers);
    expect(crashed.statusCode).toBe(500);

    // Act
    const retried = await submit(submission(), principals.enterprise, headers);

    // Assess
    expect(retried.statusCode).toBe(201);
    expect(retried.body.version).toBe(2);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(2);
  });

  it('takes an execution that exists already as started', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));

    const response = await submit(submission(), principals.enterprise, { 'idempotency-key': 'k-1' });

    expect(response.statusCode).toBe(201);
    const stored = table.items.get(`APP#${response.body.applicationId}|A`);
    expect(stored?.executionArn).toBe(
      `arn:aws:states:ap-east-1:123456789012:execution:approval:${response.body.applicationId}`,
    );
  });
});
