// The local Step Functions endpoint as the AWS SDK sees it: the SDK's own commands, and its own exception
// classes for the errors the handlers act on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  InvalidToken,
  SFNClient,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowTasks } from '#infra/routes';
import { loadApprovalStateMachine } from './platform.ts';
import { startSfnEndpoint, type SfnEndpoint } from './sfn-endpoint.ts';
import { LocalStepFunctions, localStateMachineArn } from './step-functions.ts';

let folder: string;
let sfn: LocalStepFunctions;
let endpoint: SfnEndpoint;
let client: SFNClient;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'sfn-endpoint-'));
  sfn = new LocalStepFunctions({
    stateMachine: await loadApprovalStateMachine(),
    handlers: Object.fromEntries(Object.values(workflowTasks).map((task) => [task.entry, () => undefined])),
    journal: join(folder, 'journal.jsonl'),
  });
  endpoint = await startSfnEndpoint(sfn);
  client = new SFNClient({
    endpoint: endpoint.url,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client?.destroy();
  await endpoint?.close();
  await sfn?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('startSfnEndpoint', () => {
  it('starts, describes and ends an execution through the SDK', async () => {
    // Act
    const started = await client.send(
      new StartExecutionCommand({
        stateMachineArn: localStateMachineArn,
        name: 'app-sdk',
        input: JSON.stringify({ applicationId: 'app-sdk' }),
      }),
    );
    const running = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    const intake = await sfn.execution('app-sdk')!.waitForTask();
    await client.send(
      new SendTaskSuccessCommand({ taskToken: intake.token, output: JSON.stringify({ outcome: 'refused' }) }),
    );
    await sfn.execution('app-sdk')!.result;
    const ended = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));

    // Assess
    expect(started.executionArn).toBe('arn:aws:states:local:000000000000:execution:approval:app-sdk');
    expect(started.startDate).toBeInstanceOf(Date);
    expect(running).toMatchObject({
      status: 'RUNNING',
      name: 'app-sdk',
      input: '{"applicationId":"app-sdk"}',
    });
    expect(ended).toMatchObject({ status: 'SUCCEEDED', stopDate: expect.any(Date) });
  });

  it('raises the SDK exceptions the handlers act on', async () => {
    // Prepare
    const start = (input: unknown) =>
      client.send(
        new StartExecutionCommand({
          stateMachineArn: localStateMachineArn,
          name: 'app-errors',
          input: JSON.stringify(input),
        }),
      );
    await start({ applicationId: 'app-errors' });
    const intake = await sfn.execution('app-errors')!.waitForTask();
    sfn.sendTaskSuccess(intake.token, { outcome: 'refused' });

    // Act & Assess
    await expect(start({ applicationId: 'other' })).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: intake.token, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: 'never-issued', output: '{}' })),
    ).rejects.toBeInstanceOf(InvalidToken);
  });
});
