// Faults: a poison input never fails silently. The state machine catches every error of a top-level task and
// runs close-application(failed) (asserted on the template in test/infra/workflow.test.ts); here, what that
// closing does with the poison, on DynamoDB Local: the application is visibly `failed` and its timeline holds
// an `application-failed` event with the error. And transient DynamoDB errors are retried with backoff by the
// document client every handler and task uses.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { closeApplication } from '#services/workflow/core/close-application';
import { anApplication, Scenario } from '#test/support/workflow';
import { createDocumentClient } from '#shared/data/client';
import { applicationKey } from '#shared/data/keys';
import { lambdaContext } from '#test/support/http';
import { createTestTable, type TestTable } from '#test/support/dynamodb';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await table?.drop();
});

let serial = 0;
const nextId = () => `poison-${Date.now()}-${++serial}`;

describe('a poison input to a workflow task', () => {
  it('that the task contract rejects ends with the application failed and the error in its timeline', async () => {
    // Prepare: an application at intake; the open-human-step task receives a step the contract rejects.
    const scenario = new Scenario(table);
    const { applicationId } = await scenario.submit(anApplication({ applicationId: nextId() }));
    await scenario.open(applicationId, 'intake');
    vi.stubEnv('TABLE_NAME', table.tableName);
    vi.stubEnv('DYNAMODB_ENDPOINT', inject('dynamoEndpoint'));
    const { handler: openHumanStepTask } = await import('#services/workflow/handlers/open-human-step');
    const poison = { applicationId, taskToken: 'token-x', step: { kind: 'review', department: 'planning' } };
    const caught = await openHumanStepTask(poison, lambdaContext()).then(
      () => undefined,
      (error: Error) => ({ Error: error.name, Cause: error.message }),
    );

    // Act: what the Catch does with the error.
    const closed = await closeApplication(scenario.deps, {
      applicationId,
      outcome: 'failed',
      error: caught!,
    });

    // Assess
    expect(caught).toMatchObject({ Error: 'ValidationError', Cause: 'Invalid input for open-human-step' });
    expect(closed).toMatchObject({ status: 'failed', cancelledSteps: ['intake-1'], unchanged: false });
    const { application, steps } = await scenario.deps.repository.getApplicationWithSteps(applicationId);
    expect(application.status).toBe('failed');
    expect(steps.map((s) => s.status)).toEqual(['cancelled']);
    const failed = (await scenario.deps.repository.getTimeline(applicationId)).find(
      (e) => e.type === 'application-failed',
    );
    expect(failed).toMatchObject({
      fromStatus: 'submitted',
      toStatus: 'failed',
      actor: { userId: 'workflow', role: 'system' },
      detail: { error: 'ValidationError', cause: 'Invalid input for open-human-step' },
    });
  });

  it('that is a stored application failing its own schema still ends visibly failed', async () => {
    // Prepare: the item was damaged outside the application (a bad migration, a hand edit): a permit type the
    // model does not know. Every later whole-item write of it is refused by the repository.
    const scenario = new Scenario(table);
    const { applicationId } = await scenario.submit(anApplication({ applicationId: nextId() }));
    await scenario.open(applicationId, 'intake');
    const stored = await scenario.deps.repository.getApplication(applicationId);
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...stored,
          ...applicationKey(applicationId),
          itemType: 'application',
          requiredPermits: ['x'],
        },
      }),
    );

    // Act
    const closed = await closeApplication(scenario.deps, {
      applicationId,
      outcome: 'failed',
      error: { Error: 'TypeError', Cause: "Cannot read properties of undefined (reading 'department')" },
    });

    // Assess
    expect(closed).toMatchObject({ status: 'failed', unchanged: false });
    const { application, steps } = await scenario.deps.repository.getApplicationWithSteps(applicationId);
    expect(application).toMatchObject({ status: 'failed', version: stored.version + 1 });
    expect(steps.map((s) => s.status)).toEqual(['cancelled']);
    const timeline = await scenario.deps.repository.getTimeline(applicationId);
    expect(timeline.find((e) => e.type === 'application-failed')).toMatchObject({
      fromStatus: stored.status,
      toStatus: 'failed',
      detail: { error: 'TypeError', invalidItem: true },
    });
  });
});

describe('the document client', () => {
  it('retries throttling with backoff until DynamoDB answers', async () => {
    // Prepare: an endpoint that throttles twice, then answers.
    const seen: string[] = [];
    const server = createServer((request: IncomingMessage, response: ServerResponse) => {
      request.resume();
      request.on('end', () => {
        seen.push(String(request.headers['amz-sdk-request'] ?? ''));
        if (seen.length <= 2) {
          response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
          response.end(
            JSON.stringify({
              __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
              message: 'Rate of requests exceeds the allowed throughput',
            }),
          );
          return;
        }
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify({ Item: { pk: { S: 'APP#a' }, sk: { S: 'A' } } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = createDocumentClient({ endpoint: `http://127.0.0.1:${port}` });

    try {
      // Act
      const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
      const result = await client.send(new GetCommand({ TableName: 't', Key: { pk: 'APP#a', sk: 'A' } }));

      // Assess: three attempts of one request (the SDK numbers them), the third answered.
      expect(result.Item).toEqual({ pk: 'APP#a', sk: 'A' });
      expect(seen.map((header) => /attempt=(\d+)/.exec(header)?.[1])).toEqual(['1', '2', '3']);
      expect(result.$metadata.attempts).toBe(3);
      expect(result.$metadata.totalRetryDelay).toBeGreaterThan(0);
      expect(await client.config.maxAttempts()).toBe(5);
      expect(client.config.retryMode).toBe('adaptive');
    } finally {
      client.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
