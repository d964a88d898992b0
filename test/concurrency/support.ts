// Support for the concurrency tests: the real API handlers over DynamoDB Local with a small fake of the Step
// Functions side. The fake behaves as the service does where it matters here: a task token accepts one
// SendTaskSuccess; every later one on the same token fails with TaskTimedOut (the task is closed).
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { testDeps } from '#test/support/fixtures';
import type { TaskCallbacks } from '#services/workflow/core/ports';
import type { WorkflowStarter } from '#services/application/core/ports';
import type { TestTable } from '#test/support/dynamodb';
import { invoke, lambdaContext, type ApiResult } from '#test/support/http';
import type { HttpHandler } from '#shared/http/handler';

export interface FakeStepFunctions extends TaskCallbacks, WorkflowStarter {
  /** Every SendTaskSuccess received, accepted or not. */
  readonly calls: { taskToken: string; output: unknown; accepted: boolean }[];
  /** The SendTaskSuccess calls the service accepted: the ones that moved a workflow on. */
  accepted(taskToken?: string): { taskToken: string; output: unknown }[];
  /** Every StartExecution received. */
  readonly started: string[];
  /** Runs before a SendTaskSuccess is answered; a test may hold it there. */
  beforeAnswer?: (call: { taskToken: string; output: unknown; n: number }) => Promise<void> | void;
}

export function fakeStepFunctions(): FakeStepFunctions {
  const closed = new Set<string>();
  const fake: FakeStepFunctions = {
    calls: [],
    started: [],
    accepted(taskToken) {
      return fake.calls
        .filter((call) => call.accepted && (taskToken === undefined || call.taskToken === taskToken))
        .map(({ taskToken: token, output }) => ({ taskToken: token, output }));
    },
    async sendTaskSuccess(taskToken, output) {
      const n = fake.calls.filter((call) => call.taskToken === taskToken).length;
      const call = { taskToken, output, accepted: false };
      fake.calls.push(call);
      await fake.beforeAnswer?.({ taskToken, output, n });
      if (closed.has(taskToken)) {
        throw Object.assign(new Error('Task Timed Out'), { name: 'TaskTimedOut' });
      }
      closed.add(taskToken);
      call.accepted = true;
    },
    sendTaskFailure() {},
    async startExecution(applicationId) {
      fake.started.push(applicationId);
      return { executionArn: `arn:aws:states:local:000000000000:execution:approval:${applicationId}` };
    },
  };
  return fake;
}

/** API deps over a test table of DynamoDB Local, with the fake Step Functions and fresh ids. */
export function concurrencyDeps(table: TestTable, sfn: FakeStepFunctions) {
  return testDeps({
    tableName: table.tableName,
    documentClient: table.client,
    newId: () => randomUUID(),
    taskCallbacks: sfn,
    workflow: sfn,
  });
}

/** Sends every event to the handler at once, each in its own invocation (its own context). */
export function allAtOnce(handler: HttpHandler, events: APIGatewayProxyEventV2[]): Promise<ApiResult[]> {
  return Promise.all(
    events.map((event) => invoke(handler, event, lambdaContext({ awsRequestId: randomUUID() }))),
  );
}

/** How many responses had each status (and error code), e.g. `{ '200': 1, '409 STEP_NOT_OPEN': 49 }`. */
export function tally(responses: ApiResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const response of responses) {
    const code = response.body?.error?.code as string | undefined;
    const label = code === undefined ? String(response.statusCode) : `${response.statusCode} ${code}`;
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}
